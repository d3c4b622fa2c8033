# want 3:16 "cidr_block must be a string, not a list"
vpc "prod" {
  cidr_block = ["10.0.0.0/16"]
}
