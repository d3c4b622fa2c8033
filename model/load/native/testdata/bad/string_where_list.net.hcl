# want 4:17 "cidr_blocks must be a list, not a string"
# want 4:17 "cidr_blocks = [\"10.0.0.0/16\"]"
vpc "prod" {
  cidr_blocks = "10.0.0.0/16"
}
