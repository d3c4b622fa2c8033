subnet "app-a" {
  vpc        = vpc.prod
  cidr_block = "10.0.10.0/24"
  az         = "us-east-1a"
}
