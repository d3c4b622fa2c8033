# want 4:3 "Attribute redefined"
vpc "prod" {
  cidr_block = "10.0.0.0/16"
  cidr_block = "10.1.0.0/16"
}
