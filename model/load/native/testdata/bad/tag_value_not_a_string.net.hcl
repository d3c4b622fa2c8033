# want 4:25 "tag \"Name\" must be a string, not a map"
# want 4:43 "tag \"Team\" must be a string, not a list"
vpc "prod" {
  tags       = { Name = { x = 1 }, Team = ["a"], Env = "prod" }
  cidr_block = "10.0.0.0/16"
}
