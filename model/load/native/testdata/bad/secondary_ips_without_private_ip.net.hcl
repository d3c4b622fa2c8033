# want 11:3 "secondary_ips needs private_ip"
vpc "prod" {
  cidr_block = "10.0.0.0/16"
}
subnet "app-a" {
  vpc        = vpc.prod
  cidr_block = "10.0.1.0/24"
}
instance "web-1" {
  subnet        = subnet.app-a
  secondary_ips = ["10.0.1.11"]
}
