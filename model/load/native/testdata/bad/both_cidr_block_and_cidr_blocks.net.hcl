# want 4:3 "cidr_block and cidr_blocks cannot both be set"
vpc "prod" {
  cidr_block  = "10.0.0.0/16"
  cidr_blocks = ["10.1.0.0/16"]
}
