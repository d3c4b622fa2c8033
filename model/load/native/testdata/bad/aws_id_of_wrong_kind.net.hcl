# want 7:15 "must refer to an internet_gateway or a vpn_gateway, not a nat_gateway"
vpc "prod" {
  cidr_block = "10.0.0.0/16"
}
route_table "edge" {
  vpc      = vpc.prod
  gateways = ["nat-0123456789abcdef0"]
}
