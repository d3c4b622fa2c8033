# want 3:16 "is not a valid CIDR block"
vpc "prod" {
  cidr_block = "10.0.300.0/24"
}
