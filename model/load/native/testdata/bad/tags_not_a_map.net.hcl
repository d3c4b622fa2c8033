# want 4:16 "tags must be a map of strings, not a list"
vpc "prod" {
  cidr_block = "10.0.0.0/16"
  tags       = ["prod"]
}
