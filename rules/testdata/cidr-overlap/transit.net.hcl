# Two VPCs attached to one transit gateway overlap in part; a third is
# attached to a peered transit gateway.
vpc "hub-a" {
  cidr_block = "10.8.0.0/16"
}

vpc "hub-b" {
  cidr_blocks = ["10.9.0.0/16", "10.8.128.0/17"] # want cidr-overlap "vpc hub-b 10.8.128.0/17 overlaps vpc hub-a 10.8.0.0/16, and they are both attached to transit gateway core"
}

vpc "far" {
  cidr_block = "10.9.0.0/24" # want cidr-overlap "attached to peered transit gateways"
}

subnet "hub-a" {
  vpc        = vpc.hub-a
  cidr_block = "10.8.1.0/24"
}

subnet "hub-b" {
  vpc        = vpc.hub-b
  cidr_block = "10.9.1.0/24"
}

subnet "far" {
  vpc        = vpc.far
  cidr_block = "10.9.0.0/28"
}

transit_gateway "core" {}
transit_gateway "remote" {}

transit_gateway_attachment "hub-a" {
  transit_gateway = transit_gateway.core
  vpc             = vpc.hub-a
  subnets         = [subnet.hub-a]
}

transit_gateway_attachment "hub-b" {
  transit_gateway = transit_gateway.core
  vpc             = vpc.hub-b
  subnets         = [subnet.hub-b]
}

transit_gateway_attachment "far" {
  transit_gateway = transit_gateway.remote
  vpc             = vpc.far
  subnets         = [subnet.far]
}

transit_gateway_attachment "core-remote" {
  transit_gateway      = transit_gateway.core
  peer_transit_gateway = transit_gateway.remote
}
