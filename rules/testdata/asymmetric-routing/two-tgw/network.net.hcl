# The "asymmetric paths" case: VPCs a and b are attached to two transit
# gateways; a sends b's traffic through tgw1, b answers a through tgw2.
# Both directions arrive (a transit gateway routes on the destination
# only), but whatever is stateful on one path sees half of each flow.
# https://docs.aws.amazon.com/vpc/latest/tgw/how-transit-gateways-work.html
# https://docs.aws.amazon.com/prescriptive-guidance/latest/inline-traffic-inspection-third-party-appliances/transit-gateway-asymmetric-routing.html

transit_gateway "tgw1" {}
transit_gateway "tgw2" {}

transit_gateway_route_table "tgw1" {
  transit_gateway = transit_gateway.tgw1
}

transit_gateway_route_table "tgw2" {
  transit_gateway = transit_gateway.tgw2
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
transit_gateway_attachment "a-tgw1" {
  transit_gateway = transit_gateway.tgw1
  vpc             = vpc.a
  subnets         = [subnet.a-a]
  association     = transit_gateway_route_table.tgw1
  propagations    = [transit_gateway_route_table.tgw1]
}
transit_gateway_attachment "a-tgw2" {
  transit_gateway = transit_gateway.tgw2
  vpc             = vpc.a
  subnets         = [subnet.a-a]
  association     = transit_gateway_route_table.tgw2
  propagations    = [transit_gateway_route_table.tgw2]
}
transit_gateway_attachment "b-tgw1" {
  transit_gateway = transit_gateway.tgw1
  vpc             = vpc.b
  subnets         = [subnet.b-a]
  association     = transit_gateway_route_table.tgw1
  propagations    = [transit_gateway_route_table.tgw1]
}
transit_gateway_attachment "b-tgw2" {
  transit_gateway = transit_gateway.tgw2
  vpc             = vpc.b
  subnets         = [subnet.b-a]
  association     = transit_gateway_route_table.tgw2
  propagations    = [transit_gateway_route_table.tgw2]
}

route_table "a" {
  vpc     = vpc.a
  subnets = [subnet.a-a]
  route { # want asymmetric-routing "from instance b-1 to instance a-1 in subnet a-a go through transit_gateway tgw2 but their replies through transit_gateway tgw1"
    destination = "10.2.0.0/16"
    target      = transit_gateway.tgw1
  }
}

route_table "b" {
  vpc     = vpc.b
  subnets = [subnet.b-a]
  route { # want asymmetric-routing "from instance a-1 to instance b-1 in subnet b-a go through transit_gateway tgw1 but their replies through transit_gateway tgw2"
    destination = "10.1.0.0/16"
    target      = transit_gateway.tgw2
  }
}
