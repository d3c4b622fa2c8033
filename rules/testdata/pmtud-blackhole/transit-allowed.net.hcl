# The transit gateway's drop to 8500 bytes, with a network ACL and a
# security group that admit ICMP type 3 code 4 from 10.0.0.0/8 only: the
# transit gateway's source address is not documented and may be inside that
# block, so nothing is reported (conservative: a finding needs the message
# dropped from every source).
# silent: icmp fragmentation needed admitted from 10.0.0.0/8
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

subnet "cv-tgw" {
  vpc        = vpc.cv
  cidr_block = "10.60.250.0/28"
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
  subnets         = [subnet.cv-tgw]
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
  subnets = [subnet.cv-a, subnet.cv-tgw]
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
    ports      = "1024-65535"
    cidr_block = "10.61.0.0/16"
  }
  ingress {
    rule       = 110
    action     = "allow"
    protocol   = "icmp"
    icmp_type  = 3
    icmp_code  = 4
    cidr_block = "10.0.0.0/8"
  }
}

security_group "client" {
  vpc = vpc.cv
  ingress {
    protocol    = "icmp"
    icmp_type   = 3
    icmp_code   = 4
    cidr_blocks = ["10.0.0.0/8"]
  }
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
