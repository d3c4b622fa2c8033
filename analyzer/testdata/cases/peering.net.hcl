# VPC peering: only an active connection carries traffic; both sides need
# a route for a conversation; a packet that did not originate in the
# sending VPC (here: arriving from a transit gateway) may not use the
# peering (no edge-to-edge routing):
# https://docs.aws.amazon.com/vpc/latest/peering/vpc-peering-basics.html
# https://docs.aws.amazon.com/vpc/latest/peering/vpc-peering-routing.html
#
#   pa-pb   active; pb has no route back to pa
#   pa-pc   pending acceptance
#   pd -> transit gateway pt -> pa (attachment subnet pa-tgw) -> pa-pb: edge to edge

vpc "pa" {
  cidr_block = "10.10.0.0/16"
}

vpc "pb" {
  cidr_block = "10.20.0.0/16"
}

vpc "pc" {
  cidr_block = "10.30.0.0/16"
}

vpc "pd" {
  cidr_block = "10.40.0.0/16"
}

subnet "pa-app" {
  vpc        = vpc.pa
  cidr_block = "10.10.1.0/24"
  az         = "eu-west-1a"
}

subnet "pa-tgw" {
  vpc        = vpc.pa
  cidr_block = "10.10.0.0/28"
  az         = "eu-west-1a"
}

subnet "pb-app" {
  vpc        = vpc.pb
  cidr_block = "10.20.1.0/24"
  az         = "eu-west-1a"
}

subnet "pc-app" {
  vpc        = vpc.pc
  cidr_block = "10.30.1.0/24"
  az         = "eu-west-1a"
}

subnet "pd-app" {
  vpc        = vpc.pd
  cidr_block = "10.40.1.0/24"
  az         = "eu-west-1a"
}

subnet "pd-tgw" {
  vpc        = vpc.pd
  cidr_block = "10.40.0.0/28"
  az         = "eu-west-1a"
}

peering_connection "pa-pb" {
  requester = vpc.pa
  accepter  = vpc.pb
}

peering_connection "pa-pc" {
  requester = vpc.pa
  accepter  = vpc.pc
  status    = "pending-acceptance"
}

route_table "pa-app" {
  vpc     = vpc.pa
  subnets = [subnet.pa-app]
  route {
    destination = "10.20.0.0/16"
    target      = peering_connection.pa-pb
  }
  route {
    destination = "10.30.0.0/16"
    target      = peering_connection.pa-pc
  }
  route {
    destination = "10.40.0.0/16"
    target      = transit_gateway.pt
  }
}

route_table "pa-tgw" {
  vpc     = vpc.pa
  subnets = [subnet.pa-tgw]
  route {
    destination = "10.20.0.0/16"
    target      = peering_connection.pa-pb
  }
}

route_table "pb" {
  vpc     = vpc.pb
  subnets = [subnet.pb-app]
}

route_table "pc" {
  vpc     = vpc.pc
  subnets = [subnet.pc-app]
  route {
    destination = "10.10.0.0/16"
    target      = peering_connection.pa-pc
  }
}

route_table "pd-app" {
  vpc     = vpc.pd
  subnets = [subnet.pd-app]
  route {
    destination = "10.0.0.0/8"
    target      = transit_gateway.pt
  }
}

transit_gateway "pt" {}

transit_gateway_route_table "pt" {
  transit_gateway = transit_gateway.pt
  route {
    destination = "10.20.0.0/16"
    attachment  = transit_gateway_attachment.pa
  }
}

transit_gateway_attachment "pa" {
  transit_gateway = transit_gateway.pt
  vpc             = vpc.pa
  subnets         = [subnet.pa-tgw]
  association     = transit_gateway_route_table.pt
  propagations    = [transit_gateway_route_table.pt]
}

transit_gateway_attachment "pd" {
  transit_gateway = transit_gateway.pt
  vpc             = vpc.pd
  subnets         = [subnet.pd-tgw]
  association     = transit_gateway_route_table.pt
  propagations    = [transit_gateway_route_table.pt]
}

security_group "pa" {
  vpc = vpc.pa
  ingress {
    protocol    = "all"
    cidr_blocks = ["10.0.0.0/8"]
  }
  egress {
    protocol    = "all"
    cidr_blocks = ["10.0.0.0/8"]
  }
}

security_group "pb" {
  vpc = vpc.pb
  ingress {
    protocol    = "all"
    cidr_blocks = ["10.0.0.0/8"]
  }
  egress {
    protocol    = "all"
    cidr_blocks = ["10.0.0.0/8"]
  }
}

security_group "pc" {
  vpc = vpc.pc
  ingress {
    protocol    = "all"
    cidr_blocks = ["10.0.0.0/8"]
  }
  egress {
    protocol    = "all"
    cidr_blocks = ["10.0.0.0/8"]
  }
}

security_group "pd" {
  vpc = vpc.pd
  ingress {
    protocol    = "all"
    cidr_blocks = ["10.0.0.0/8"]
  }
  egress {
    protocol    = "all"
    cidr_blocks = ["10.0.0.0/8"]
  }
}

instance "pa-1" {
  subnet          = subnet.pa-app
  private_ip      = "10.10.1.10"
  security_groups = [security_group.pa]
}

instance "pb-1" {
  subnet          = subnet.pb-app
  private_ip      = "10.20.1.10"
  security_groups = [security_group.pb]
}

instance "pc-1" {
  subnet          = subnet.pc-app
  private_ip      = "10.30.1.10"
  security_groups = [security_group.pc]
}

instance "pd-1" {
  subnet          = subnet.pd-app
  private_ip      = "10.40.1.10"
  security_groups = [security_group.pd]
}
