# want 9:1 "duplicate subnet \"app-a\""
vpc "prod" {
  cidr_block = "10.0.0.0/16"
}
subnet "app-a" {
  vpc        = vpc.prod
  cidr_block = "10.0.1.0/24"
}
subnet "app-a" {
  vpc        = vpc.prod
  cidr_block = "10.0.2.0/24"
}
