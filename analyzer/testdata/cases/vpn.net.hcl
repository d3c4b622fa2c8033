# Site-to-Site VPN on a virtual private gateway: static and BGP routing,
# route propagation on and off, AWS's preference of a static VPN route
# over a BGP one for the same prefix, and VPN CloudHub between two sites.
# https://docs.aws.amazon.com/vpn/latest/s2svpn/VPNRoutingTypes.html
# https://docs.aws.amazon.com/vpn/latest/s2svpn/vpn-route-priority.html
# https://docs.aws.amazon.com/vpn/latest/s2svpn/VPN_CloudHub.html
#
#   office  192.168.0.0/16, static VPN office
#   dc      172.20.0.0/16, BGP VPN dc-bgp and static VPN dc-static
#   lab     172.21.0.0/16, BGP VPN lab
#   subnet v-prop: propagation on; v-noprop: off; v-static: one static route

vpc "v" {
  cidr_block = "10.6.0.0/16"
}

subnet "v-prop" {
  vpc        = vpc.v
  cidr_block = "10.6.1.0/24"
  az         = "eu-west-1a"
}

subnet "v-noprop" {
  vpc        = vpc.v
  cidr_block = "10.6.2.0/24"
  az         = "eu-west-1a"
}

subnet "v-static" {
  vpc        = vpc.v
  cidr_block = "10.6.3.0/24"
  az         = "eu-west-1a"
}

vpn_gateway "v" {
  vpc = vpc.v
}

customer_gateway "office" {
  ip_address = "198.51.100.61"
  asn        = 65061
}

customer_gateway "dc" {
  ip_address = "198.51.100.62"
  asn        = 65062
}

customer_gateway "lab" {
  ip_address = "198.51.100.63"
  asn        = 65063
}

vpn_connection "office" {
  customer_gateway = customer_gateway.office
  vpn_gateway      = vpn_gateway.v
  static_routes    = ["192.168.0.0/16"]
  tunnels          = 2
}

vpn_connection "dc-bgp" {
  customer_gateway = customer_gateway.dc
  vpn_gateway      = vpn_gateway.v
  tunnels          = 2
}

vpn_connection "dc-static" {
  customer_gateway = customer_gateway.dc
  vpn_gateway      = vpn_gateway.v
  static_routes    = ["172.20.0.0/16"]
  tunnels          = 2
}

vpn_connection "lab" {
  customer_gateway = customer_gateway.lab
  vpn_gateway      = vpn_gateway.v
  tunnels          = 2
}

on_prem "office" {
  cidr_blocks = ["192.168.0.0/16"]
  connections = [vpn_connection.office]
}

on_prem "dc" {
  cidr_blocks = ["172.20.0.0/16"]
  connections = [vpn_connection.dc-bgp, vpn_connection.dc-static]
}

on_prem "lab" {
  cidr_blocks = ["172.21.0.0/16"]
  connections = [vpn_connection.lab]
}

route_table "v-prop" {
  vpc                      = vpc.v
  subnets                  = [subnet.v-prop]
  propagating_vpn_gateways = [vpn_gateway.v]
}

route_table "v-noprop" {
  vpc     = vpc.v
  subnets = [subnet.v-noprop]
}

route_table "v-static" {
  vpc     = vpc.v
  subnets = [subnet.v-static]
  route {
    destination = "192.168.0.0/16"
    target      = vpn_gateway.v
  }
}

security_group "v" {
  vpc = vpc.v
  ingress {
    protocol    = "all"
    cidr_blocks = ["0.0.0.0/0"]
  }
  egress {
    protocol    = "all"
    cidr_blocks = ["0.0.0.0/0"]
  }
}

instance "prop-1" {
  subnet          = subnet.v-prop
  private_ip      = "10.6.1.10"
  security_groups = [security_group.v]
}

instance "noprop-1" {
  subnet          = subnet.v-noprop
  private_ip      = "10.6.2.10"
  security_groups = [security_group.v]
}

instance "static-1" {
  subnet          = subnet.v-static
  private_ip      = "10.6.3.10"
  security_groups = [security_group.v]
}
