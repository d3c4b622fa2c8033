# want 3:3 "Did you mean \"cidr_block\"?"
vpc "prod" {
  cidr_blok = "10.0.0.0/16"
}
