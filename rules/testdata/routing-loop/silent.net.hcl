# silent: a hub with central egress; unknown 10.x addresses stop in the egress table
# silent: an appliance in its own subnet that sends traffic on to the internet gateway
transit_gateway "hub" {}

transit_gateway_route_table "spokes" {
  transit_gateway = transit_gateway.hub

  route {
    destination = "0.0.0.0/0"
    attachment  = transit_gateway_attachment.egress
  }
}

transit_gateway_route_table "egress" {
  transit_gateway = transit_gateway.hub
}

vpc "prod" {
  cidr_block = "10.1.0.0/16"
}

subnet "prod" {
  vpc        = vpc.prod
  cidr_block = "10.1.0.0/24"
}

transit_gateway_attachment "prod" {
  transit_gateway = transit_gateway.hub
  vpc             = vpc.prod
  subnets         = [subnet.prod]
  association     = transit_gateway_route_table.spokes
  propagations    = [transit_gateway_route_table.egress]
}

route_table "prod" {
  vpc     = vpc.prod
  subnets = [subnet.prod]
  route {
    destination = "0.0.0.0/0"
    target      = transit_gateway.hub
  }
}

vpc "egress" {
  cidr_block = "10.4.0.0/16"
}

internet_gateway "egress" {
  vpc = vpc.egress
}

subnet "egress-tgw" {
  vpc        = vpc.egress
  cidr_block = "10.4.0.0/28"
}

subnet "egress-public" {
  vpc        = vpc.egress
  cidr_block = "10.4.1.0/24"
}

elastic_ip "nat" {}

nat_gateway "egress" {
  subnet     = subnet.egress-public
  elastic_ip = elastic_ip.nat
}

transit_gateway_attachment "egress" {
  transit_gateway = transit_gateway.hub
  vpc             = vpc.egress
  subnets         = [subnet.egress-tgw]
  association     = transit_gateway_route_table.egress
}

route_table "egress-tgw" {
  vpc     = vpc.egress
  subnets = [subnet.egress-tgw]
  route {
    destination = "0.0.0.0/0"
    target      = nat_gateway.egress
  }
}

route_table "egress-public" {
  vpc     = vpc.egress
  subnets = [subnet.egress-public]
  route {
    destination = "10.0.0.0/8"
    target      = transit_gateway.hub
  }
  route {
    destination = "0.0.0.0/0"
    target      = internet_gateway.egress
  }
}
