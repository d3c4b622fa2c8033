# want 11:18 "must refer to a vpn_connection or a dx_gateway, not a vpn_gateway"
vpc "prod" {
  cidr_block = "10.0.0.0/16"
}
vpn_gateway "prod" {
  vpc = vpc.prod
}

on_prem "dc" {
  cidr_blocks = ["172.16.0.0/12"]
  connections = [vpn_gateway.prod]
}
