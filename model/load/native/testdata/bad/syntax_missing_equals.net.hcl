# want 3:3 "use the equals sign"
vpc "prod" {
  cidr_block "10.0.0.0/16"
}
