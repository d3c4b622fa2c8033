# want 3:16 "Function calls not allowed"
vpc "prod" {
  cidr_block = cidrsubnet("10.0.0.0/8", 8, 0)
}
