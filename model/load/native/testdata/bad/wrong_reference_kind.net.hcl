# want 10:16 "vpc must refer to a vpc, not a subnet"
vpc "prod" {
  cidr_block = "10.0.0.0/16"
}
subnet "app-a" {
  vpc        = vpc.prod
  cidr_block = "10.0.1.0/24"
}
subnet "app-b" {
  vpc        = subnet.app-a
  cidr_block = "10.0.2.0/24"
}
