# want 11:16 "without a prefix length"
vpc "prod" {
  cidr_block = "10.0.0.0/16"
}
subnet "app-a" {
  vpc        = vpc.prod
  cidr_block = "10.0.1.0/24"
}
instance "web-1" {
  subnet     = subnet.app-a
  private_ip = "10.0.1.10/32"
}
