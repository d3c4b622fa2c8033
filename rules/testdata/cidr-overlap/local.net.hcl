# Routes more specific than the local route.
vpc "edge" {
  cidr_block = "10.70.0.0/16"
}

subnet "web" {
  vpc        = vpc.edge
  cidr_block = "10.70.1.0/24"
  az         = "eu-west-1a"
}

subnet "fw" {
  vpc        = vpc.edge
  cidr_block = "10.70.0.0/24"
  az         = "eu-west-1a"
}

vpc "other" {
  cidr_block = "10.71.0.0/16"
}

peering_connection "edge-other" {
  requester = vpc.edge
  accepter  = vpc.other
}

network_interface "fw" {
  subnet            = subnet.fw
  private_ips       = ["10.70.0.10"]
  source_dest_check = false
}

route_table "web" {
  vpc     = vpc.edge
  subnets = [subnet.web]

  route { # want cidr-overlap "route 10.70.9.0/24 → peering connection edge-other in route table web is more specific than the local route 10.70.0.0/16"
    destination = "10.70.9.0/24"
    target      = peering_connection.edge-other
  }
  # silent: middlebox insertion, a whole subnet to an appliance interface
  route {
    destination = "10.70.0.0/24"
    target      = network_interface.fw
  }
  route { # want cidr-overlap "aws accepts only a whole subnet"
    destination = "10.70.1.0/25"
    target      = network_interface.fw
  }
}
