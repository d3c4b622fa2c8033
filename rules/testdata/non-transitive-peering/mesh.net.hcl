# Three VPCs peered in a line, an on-premises site behind one of them, and
# an internet gateway the middle one owns.
vpc "apps" {
  cidr_block = "10.10.0.0/16"
}

vpc "shared" {
  cidr_block = "10.20.0.0/16"
}

vpc "data" {
  cidr_block = "10.30.0.0/16"
}

peering_connection "apps-shared" {
  requester = vpc.apps
  accepter  = vpc.shared
}

peering_connection "shared-data" {
  requester = vpc.shared
  accepter  = vpc.data
}

internet_gateway "shared" {
  vpc = vpc.shared
}

vpn_gateway "shared" {
  vpc = vpc.shared
}

customer_gateway "dc" {
  ip_address = "198.51.100.10"
  asn        = 65010
}

vpn_connection "dc" {
  customer_gateway = customer_gateway.dc
  vpn_gateway      = vpn_gateway.shared
}

on_prem "dc" {
  cidr_blocks = ["172.16.0.0/12"]
  connections = [vpn_connection.dc]
}

route_table "shared" {
  vpc                      = vpc.shared
  main                     = true
  propagating_vpn_gateways = [vpn_gateway.shared]

  route {
    destination = "10.10.0.0/16"
    target      = peering_connection.apps-shared
  }
  route {
    destination = "10.30.0.0/16"
    target      = peering_connection.shared-data
  }
  route {
    destination = "0.0.0.0/0"
    target      = internet_gateway.shared
  }
}

route_table "apps" {
  vpc  = vpc.apps
  main = true

  # silent: the peer's own block
  route {
    destination = "10.20.0.0/16"
    target      = peering_connection.apps-shared
  }
  route { # want non-transitive-peering "sends traffic for vpc data (10.30.0.0/16) into vpc shared (10.20.0.0/16)"
    destination = "10.30.0.0/16"
    target      = peering_connection.apps-shared
  }
  route { # want non-transitive-peering "on-premises network dc (172.16.0.0/12) into vpc shared (10.20.0.0/16), which does not forward traffic arriving over a peering; vpc shared itself reaches it through vpn gateway shared"
    destination = "172.16.0.0/12"
    target      = peering_connection.apps-shared
  }
  route { # want non-transitive-peering "sends traffic for the internet into vpc shared (10.20.0.0/16), which does not forward traffic arriving over a peering; vpc shared itself reaches it through internet gateway shared"
    destination = "0.0.0.0/0"
    target      = peering_connection.apps-shared
  }
}

route_table "data" {
  vpc  = vpc.data
  main = true

  # silent: a summary route whose only owned part is the peer (the rest is
  # unused private space)
  route {
    destination = "10.16.0.0/12"
    target      = peering_connection.shared-data
  }
}
