# Transit gateway details: an attachment serves only the availability zones
# where it has a subnet; an attachment needs an associated route table;
# a VPC needs an attachment to use the gateway; on equal prefixes a static
# route (here a blackhole) beats a propagated one:
# https://docs.aws.amazon.com/vpc/latest/tgw/tgw-vpc-attachments.html
# https://docs.aws.amazon.com/vpc/latest/tgw/how-transit-gateways-work.html#tgw-route-evaluation-overview
#
#   ta  attached in eu-west-1a only (subnet ta-a); ta-b is in eu-west-1b
#   tb  attached, associated, propagating
#   tc  attached and propagating, but associated with no route table
#   td  routes to the transit gateway without an attachment
#   te  attached and propagating; a static blackhole for its block wins

transit_gateway "hub" {}

transit_gateway_route_table "main" {
  transit_gateway = transit_gateway.hub
  route {
    destination = "10.54.0.0/16"
    blackhole   = true
  }
}

vpc "ta" {
  cidr_block = "10.50.0.0/16"
}

subnet "ta-a" {
  vpc        = vpc.ta
  cidr_block = "10.50.1.0/24"
  az         = "eu-west-1a"
}

subnet "ta-b" {
  vpc        = vpc.ta
  cidr_block = "10.50.2.0/24"
  az         = "eu-west-1b"
}

vpc "tb" {
  cidr_block = "10.51.0.0/16"
}

subnet "tb-a" {
  vpc        = vpc.tb
  cidr_block = "10.51.1.0/24"
  az         = "eu-west-1a"
}

vpc "tc" {
  cidr_block = "10.52.0.0/16"
}

subnet "tc-a" {
  vpc        = vpc.tc
  cidr_block = "10.52.1.0/24"
  az         = "eu-west-1a"
}

vpc "td" {
  cidr_block = "10.53.0.0/16"
}

subnet "td-a" {
  vpc        = vpc.td
  cidr_block = "10.53.1.0/24"
  az         = "eu-west-1a"
}

vpc "te" {
  cidr_block = "10.54.0.0/16"
}

subnet "te-a" {
  vpc        = vpc.te
  cidr_block = "10.54.1.0/24"
  az         = "eu-west-1a"
}

transit_gateway_attachment "ta" {
  transit_gateway = transit_gateway.hub
  vpc             = vpc.ta
  subnets         = [subnet.ta-a]
  association     = transit_gateway_route_table.main
  propagations    = [transit_gateway_route_table.main]
}

transit_gateway_attachment "tb" {
  transit_gateway = transit_gateway.hub
  vpc             = vpc.tb
  subnets         = [subnet.tb-a]
  association     = transit_gateway_route_table.main
  propagations    = [transit_gateway_route_table.main]
}

transit_gateway_attachment "tc" {
  transit_gateway = transit_gateway.hub
  vpc             = vpc.tc
  subnets         = [subnet.tc-a]
  propagations    = [transit_gateway_route_table.main]
}

transit_gateway_attachment "te" {
  transit_gateway = transit_gateway.hub
  vpc             = vpc.te
  subnets         = [subnet.te-a]
  association     = transit_gateway_route_table.main
  propagations    = [transit_gateway_route_table.main]
}

route_table "ta" {
  vpc     = vpc.ta
  subnets = [subnet.ta-a, subnet.ta-b]
  route {
    destination = "10.0.0.0/8"
    target      = transit_gateway.hub
  }
}

route_table "tb" {
  vpc     = vpc.tb
  subnets = [subnet.tb-a]
  route {
    destination = "10.0.0.0/8"
    target      = transit_gateway.hub
  }
}

route_table "tc" {
  vpc     = vpc.tc
  subnets = [subnet.tc-a]
  route {
    destination = "10.0.0.0/8"
    target      = transit_gateway.hub
  }
}

route_table "td" {
  vpc     = vpc.td
  subnets = [subnet.td-a]
  route {
    destination = "10.0.0.0/8"
    target      = transit_gateway.hub
  }
}

route_table "te" {
  vpc     = vpc.te
  subnets = [subnet.te-a]
  route {
    destination = "10.0.0.0/8"
    target      = transit_gateway.hub
  }
}

security_group "ta" {
  vpc = vpc.ta
  ingress {
    protocol    = "all"
    cidr_blocks = ["10.0.0.0/8"]
  }
  egress {
    protocol    = "all"
    cidr_blocks = ["10.0.0.0/8"]
  }
}

security_group "tb" {
  vpc = vpc.tb
  ingress {
    protocol    = "all"
    cidr_blocks = ["10.0.0.0/8"]
  }
  egress {
    protocol    = "all"
    cidr_blocks = ["10.0.0.0/8"]
  }
}

security_group "tc" {
  vpc = vpc.tc
  ingress {
    protocol    = "all"
    cidr_blocks = ["10.0.0.0/8"]
  }
  egress {
    protocol    = "all"
    cidr_blocks = ["10.0.0.0/8"]
  }
}

security_group "td" {
  vpc = vpc.td
  egress {
    protocol    = "all"
    cidr_blocks = ["10.0.0.0/8"]
  }
}

security_group "te" {
  vpc = vpc.te
  ingress {
    protocol    = "all"
    cidr_blocks = ["10.0.0.0/8"]
  }
  egress {
    protocol    = "all"
    cidr_blocks = ["10.0.0.0/8"]
  }
}

instance "ta-1" {
  subnet          = subnet.ta-a
  private_ip      = "10.50.1.10"
  security_groups = [security_group.ta]
}

instance "ta-2" {
  subnet          = subnet.ta-b
  private_ip      = "10.50.2.10"
  security_groups = [security_group.ta]
}

instance "tb-1" {
  subnet          = subnet.tb-a
  private_ip      = "10.51.1.10"
  security_groups = [security_group.tb]
}

instance "tc-1" {
  subnet          = subnet.tc-a
  private_ip      = "10.52.1.10"
  security_groups = [security_group.tc]
}

instance "td-1" {
  subnet          = subnet.td-a
  private_ip      = "10.53.1.10"
  security_groups = [security_group.td]
}

instance "te-1" {
  subnet          = subnet.te-a
  private_ip      = "10.54.1.10"
  security_groups = [security_group.te]
}
