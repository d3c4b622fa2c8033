# want 2:1 "vpc has no name"
vpc "" {
  cidr_block = "10.0.0.0/16"
}
