# A client in its VPC's transit gateway attachment subnet. Network ACLs are
# not evaluated for traffic from a transit gateway into its attachment
# subnet, so the client ACL needs no rule for the replies (it does for the
# requests: both its outbound and, by source, its inbound rules apply):
# https://docs.aws.amazon.com/vpc/latest/tgw/tgw-nacls.html
# silent: the replies never meet network acl clients

transit_gateway "hub" {}

transit_gateway_route_table "main" {
  transit_gateway = transit_gateway.hub
}

vpc "cv" {
  cidr_block = "10.60.0.0/16"
}

subnet "cv-a" {
  vpc        = vpc.cv
  cidr_block = "10.60.10.0/24"
  az         = "eu-west-1a"
}

vpc "sv" {
  cidr_block = "10.61.0.0/16"
}

subnet "sv-a" {
  vpc        = vpc.sv
  cidr_block = "10.61.1.0/24"
  az         = "eu-west-1a"
}

transit_gateway_attachment "cv" {
  transit_gateway = transit_gateway.hub
  vpc             = vpc.cv
  subnets         = [subnet.cv-a]
  association     = transit_gateway_route_table.main
  propagations    = [transit_gateway_route_table.main]
}

transit_gateway_attachment "sv" {
  transit_gateway = transit_gateway.hub
  vpc             = vpc.sv
  subnets         = [subnet.sv-a]
  association     = transit_gateway_route_table.main
  propagations    = [transit_gateway_route_table.main]
}

route_table "cv" {
  vpc     = vpc.cv
  subnets = [subnet.cv-a]
  route {
    destination = "10.61.0.0/16"
    target      = transit_gateway.hub
  }
}

route_table "sv" {
  vpc     = vpc.sv
  subnets = [subnet.sv-a]
  route {
    destination = "10.60.0.0/16"
    target      = transit_gateway.hub
  }
}

network_acl "clients" {
  vpc     = vpc.cv
  subnets = [subnet.cv-a]
  egress {
    rule       = 100
    action     = "allow"
    protocol   = "tcp"
    ports      = 443
    cidr_block = "10.61.0.0/16"
  }
  ingress {
    rule       = 100
    action     = "allow"
    protocol   = "tcp"
    ports      = 443
    cidr_block = "10.60.10.0/24"
  }
}

security_group "client" {
  vpc = vpc.cv
  egress {
    protocol    = "tcp"
    ports       = 443
    cidr_blocks = ["10.61.0.0/16"]
  }
}

security_group "server" {
  vpc = vpc.sv
  ingress {
    protocol    = "tcp"
    ports       = 443
    cidr_blocks = ["10.60.0.0/16"]
  }
}

instance "c-1" {
  subnet          = subnet.cv-a
  private_ip      = "10.60.10.10"
  security_groups = [security_group.client]
}

instance "s-1" {
  subnet          = subnet.sv-a
  private_ip      = "10.61.1.10"
  security_groups = [security_group.server]
}
