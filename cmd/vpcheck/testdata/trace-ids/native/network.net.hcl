# Two VPCs on one transit gateway, every object with its AWS id: trace hops
# name each component and give its id (issue 12, item 16).
# https://docs.aws.amazon.com/vpc/latest/tgw/how-transit-gateways-work.html

transit_gateway "hub" {
  aws_id = "tgw-01e1a2b3c4d5e6f70"
}

transit_gateway_route_table "main" {
  transit_gateway = transit_gateway.hub
  aws_id          = "tgw-rtb-0a1b2c3d4e5f60718"
}

vpc "a" {
  cidr_block = "10.50.0.0/16"
  aws_id     = "vpc-0a50a50a50a50a50a"
}

subnet "a-1" {
  vpc        = vpc.a
  cidr_block = "10.50.1.0/24"
  az         = "eu-west-1a"
  aws_id     = "subnet-0a501a501a501a501"
}

vpc "b" {
  cidr_block = "10.51.0.0/16"
}

subnet "b-1" {
  vpc        = vpc.b
  cidr_block = "10.51.1.0/24"
  az         = "eu-west-1a"
}

transit_gateway_attachment "a" {
  transit_gateway = transit_gateway.hub
  vpc             = vpc.a
  subnets         = [subnet.a-1]
  association     = transit_gateway_route_table.main
  propagations    = [transit_gateway_route_table.main]
  aws_id          = "tgw-attach-0a50a50a50a50a50a"
}

transit_gateway_attachment "b" {
  transit_gateway = transit_gateway.hub
  vpc             = vpc.b
  subnets         = [subnet.b-1]
  association     = transit_gateway_route_table.main
  propagations    = [transit_gateway_route_table.main]
}

route_table "a" {
  vpc     = vpc.a
  subnets = [subnet.a-1]
  aws_id  = "rtb-0a50a50a50a50a50a"
  route {
    destination = "10.0.0.0/8"
    target      = transit_gateway.hub
  }
}

route_table "b" {
  vpc     = vpc.b
  subnets = [subnet.b-1]
  route {
    destination = "10.0.0.0/8"
    target      = transit_gateway.hub
  }
}

security_group "a" {
  vpc = vpc.a
  egress {
    protocol    = "all"
    cidr_blocks = ["10.0.0.0/8"]
  }
}

security_group "b" {
  vpc = vpc.b
  ingress {
    protocol    = "all"
    cidr_blocks = ["10.0.0.0/8"]
  }
}

instance "a-1" {
  subnet          = subnet.a-1
  private_ip      = "10.50.1.10"
  security_groups = [security_group.a]
  aws_id          = "i-0a50a50a50a50a50a"
}

instance "b-1" {
  subnet          = subnet.b-1
  private_ip      = "10.51.1.10"
  security_groups = [security_group.b]
}
