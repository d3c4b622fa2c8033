vpc "prod" {
  cidr_block = "10.0.0.0/16"
}

vpc "other" {
  cidr_block = "10.1.0.0/16"
}

vpc "third" {
  cidr_block = "10.2.0.0/16"
}

internet_gateway "prod" {
  vpc = vpc.prod
}

internet_gateway "other" {
  vpc = vpc.other
}

peering_connection "prod-other" {
  requester = vpc.prod
  accepter  = vpc.other
}

peering_connection "other-third" {
  requester = vpc.other
  accepter  = vpc.third
}

peering_connection "prod-third" {
  requester = vpc.prod
  accepter  = vpc.third
  status    = "pending-acceptance"
}

transit_gateway "core" {}

route_table "app" {
  vpc = vpc.prod

  route { # want blackhole-route "route 10.9.0.0/16 → blackhole in route table app drops its traffic: its target no longer exists"
    destination = "10.9.0.0/16"
    target      = "blackhole"
  }
  route { # want blackhole-route "internet gateway other is attached to vpc other"
    destination = "0.0.0.0/0"
    target      = internet_gateway.other
  }
  route { # want blackhole-route "peering connection other-third does not connect vpc prod"
    destination = "10.3.0.0/16"
    target      = peering_connection.other-third
  }
  route { # want blackhole-route "peering connection prod-third is pending-acceptance, not active"
    destination = "10.2.0.0/16"
    target      = peering_connection.prod-third
  }
  route { # want blackhole-route "vpc prod has no available attachment to transit gateway core"
    destination = "172.16.0.0/12"
    target      = transit_gateway.core
  }
  # silent: an active peering of this VPC
  route {
    destination = "10.1.0.0/16"
    target      = peering_connection.prod-other
  }
}

# silent: the VPC's own internet gateway
route_table "public" {
  vpc = vpc.prod

  route {
    destination = "0.0.0.0/0"
    target      = internet_gateway.prod
  }
}

subnet "other" {
  vpc        = vpc.other
  cidr_block = "10.1.0.0/24"
}

transit_gateway_attachment "other" {
  transit_gateway = transit_gateway.core
  vpc             = vpc.other
  subnets         = [subnet.other]
  state           = "deleted"
}

transit_gateway_route_table "core" {
  transit_gateway = transit_gateway.core

  route { # want blackhole-route "attachment other is deleted, not available"
    destination = "10.1.0.0/16"
    attachment  = transit_gateway_attachment.other
  }
  # silent: a deliberate transit gateway blackhole
  route {
    destination = "10.99.0.0/16"
    blackhole   = true
  }
}
