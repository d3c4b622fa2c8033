subnet "app-b" {
  vpc        = vpc.prod
  cidr_block = "10.0.11.0/24"
  az         = "us-east-1b"
}
