# One transit gateway, one route table both attachments use: a's subnet
# route table sends b's block to the transit gateway, but b's subnet route
# table has no route back to a (only its local route), so b's replies are
# dropped in b. https://docs.aws.amazon.com/vpc/latest/tgw/how-transit-gateways-work.html

transit_gateway "hub" {}

transit_gateway_route_table "hub" {
  transit_gateway = transit_gateway.hub
}

vpc "a" {
  cidr_block = "10.1.0.0/16"
}

subnet "a-a" {
  vpc        = vpc.a
  cidr_block = "10.1.1.0/24"
  az         = "us-east-1a"
}

security_group "a" {
  vpc = vpc.a
  ingress {
    protocol    = "all"
    cidr_blocks = ["10.0.0.0/8"]
  }
  egress {
    protocol    = "all"
    cidr_blocks = ["10.0.0.0/8"]
  }
}

instance "a-1" {
  subnet          = subnet.a-a
  private_ip      = "10.1.1.10"
  security_groups = [security_group.a]
}
vpc "b" {
  cidr_block = "10.2.0.0/16"
}

subnet "b-a" {
  vpc        = vpc.b
  cidr_block = "10.2.1.0/24"
  az         = "us-east-1a"
}

security_group "b" {
  vpc = vpc.b
  ingress {
    protocol    = "all"
    cidr_blocks = ["10.0.0.0/8"]
  }
  egress {
    protocol    = "all"
    cidr_blocks = ["10.0.0.0/8"]
  }
}

instance "b-1" {
  subnet          = subnet.b-a
  private_ip      = "10.2.1.10"
  security_groups = [security_group.b]
}
transit_gateway_attachment "a" {
  transit_gateway = transit_gateway.hub
  vpc             = vpc.a
  subnets         = [subnet.a-a]
  association     = transit_gateway_route_table.hub
  propagations    = [transit_gateway_route_table.hub]
}

transit_gateway_attachment "b" {
  transit_gateway = transit_gateway.hub
  vpc             = vpc.b
  subnets         = [subnet.b-a]
  association     = transit_gateway_route_table.hub
  propagations    = [transit_gateway_route_table.hub]
}

route_table "a" {
  vpc     = vpc.a
  subnets = [subnet.a-a]
  route {
    destination = "10.0.0.0/8"
    target      = transit_gateway.hub
  }
}

route_table "b" { # want asymmetric-routing "its replies to 10.1.1.10/32 have no way back"
  vpc     = vpc.b
  subnets = [subnet.b-a]
}
