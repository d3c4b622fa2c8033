# want 7:16 "did you mean 10.0.1.0/24?"
vpc "prod" {
  cidr_block = "10.0.0.0/16"
}
subnet "app-a" {
  vpc        = vpc.prod
  cidr_block = "10.0.1.5/24"
}
