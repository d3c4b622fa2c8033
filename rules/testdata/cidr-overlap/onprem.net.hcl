# A VPC reaches a data centre whose block it shares, and a VPN whose static
# route lies inside the VPC.
vpc "corp" {
  cidr_block = "10.50.0.0/16" # want cidr-overlap "vpc corp 10.50.0.0/16 overlaps on-premises network dc 10.50.128.0/17, reached through vpn gateway corp"
}

vpn_gateway "corp" {
  vpc = vpc.corp
}

customer_gateway "dc" {
  ip_address = "198.51.100.10"
  asn        = 65010
}

vpn_connection "dc" {
  customer_gateway = customer_gateway.dc
  vpn_gateway      = vpn_gateway.corp
}

on_prem "dc" {
  cidr_blocks = ["10.50.128.0/17", "192.168.0.0/16"]
  connections = [vpn_connection.dc]
}

vpc "branch-vpc" {
  cidr_block = "10.60.0.0/16" # want cidr-overlap "static route 10.60.4.0/24 of vpn connection branch"
}

vpn_gateway "branch" {
  vpc = vpc.branch-vpc
}

customer_gateway "branch" {
  ip_address = "198.51.100.20"
  asn        = 65020
}

# silent: the summary route 10.0.0.0/8 merely covers the VPC, which is normal
vpn_connection "branch" {
  customer_gateway = customer_gateway.branch
  vpn_gateway      = vpn_gateway.branch
  static_routes    = ["10.60.4.0/24", "10.0.0.0/8"]
}
