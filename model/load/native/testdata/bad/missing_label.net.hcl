# want 2:5 "Missing name for vpc"
vpc {
  cidr_block = "10.0.0.0/16"
}
