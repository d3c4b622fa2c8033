# want 3:28 "Unterminated template string"
vpc "prod" {
  cidr_block = "10.0.0.0/16
}
