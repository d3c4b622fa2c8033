vpc "other" {
  cidr_blocks = ["10.1.0.0/16"]
}
