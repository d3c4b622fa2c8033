# want 13:1 "duplicate instance \"web-1\""
vpc "prod" {
  cidr_block = "10.0.0.0/16"
}
subnet "app-a" {
  vpc        = vpc.prod
  cidr_block = "10.0.1.0/24"
}
instance "web-1" {
  subnet = subnet.app-a
}

instance "web-1" {
  subnet = subnet.app-a
}
