# want 14:3 "elastic_ip applies only to public NAT gateways"
vpc "prod" {
  cidr_block = "10.0.0.0/16"
}
subnet "app-a" {
  vpc        = vpc.prod
  cidr_block = "10.0.1.0/24"
}
elastic_ip "nat" {}

nat_gateway "a" {
  subnet       = subnet.app-a
  connectivity = "private"
  elastic_ip   = elastic_ip.nat
}
