# want 3:33 "is not a valid CIDR block"
vpc "prod" {
  cidr_blocks = ["10.0.0.0/16", "ten.one/16"]
}
