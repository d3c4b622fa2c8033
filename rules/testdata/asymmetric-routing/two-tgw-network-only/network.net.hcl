# The "asymmetric paths" case of two-tgw without a host, as network-only
# Terraform is: the workload subnets a-app and b-app are endpoints
# (hypothetical hosts); each VPC's attachments have subnets of their own,
# which AWS advises and which hold no workload
# (https://docs.aws.amazon.com/vpc/latest/tgw/tgw-best-design-practices.html).
# a sends b's traffic through tgw1, b answers a through tgw2:
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

subnet "a-app" {
  vpc        = vpc.a
  cidr_block = "10.1.1.0/24"
  az         = "us-east-1a"
}

subnet "a-tgw" {
  vpc        = vpc.a
  cidr_block = "10.1.0.0/28"
  az         = "us-east-1a"
}

vpc "b" {
  cidr_block = "10.2.0.0/16"
}

subnet "b-app" {
  vpc        = vpc.b
  cidr_block = "10.2.1.0/24"
  az         = "us-east-1a"
}

subnet "b-tgw" {
  vpc        = vpc.b
  cidr_block = "10.2.0.0/28"
  az         = "us-east-1a"
}

transit_gateway_attachment "a-tgw1" {
  transit_gateway = transit_gateway.tgw1
  vpc             = vpc.a
  subnets         = [subnet.a-tgw]
  association     = transit_gateway_route_table.tgw1
  propagations    = [transit_gateway_route_table.tgw1]
}
transit_gateway_attachment "a-tgw2" {
  transit_gateway = transit_gateway.tgw2
  vpc             = vpc.a
  subnets         = [subnet.a-tgw]
  association     = transit_gateway_route_table.tgw2
  propagations    = [transit_gateway_route_table.tgw2]
}
transit_gateway_attachment "b-tgw1" {
  transit_gateway = transit_gateway.tgw1
  vpc             = vpc.b
  subnets         = [subnet.b-tgw]
  association     = transit_gateway_route_table.tgw1
  propagations    = [transit_gateway_route_table.tgw1]
}
transit_gateway_attachment "b-tgw2" {
  transit_gateway = transit_gateway.tgw2
  vpc             = vpc.b
  subnets         = [subnet.b-tgw]
  association     = transit_gateway_route_table.tgw2
  propagations    = [transit_gateway_route_table.tgw2]
}

route_table "a" {
  vpc     = vpc.a
  subnets = [subnet.a-app, subnet.a-tgw]
  route { # want asymmetric-routing "from subnet b-app to subnet a-app go through transit_gateway tgw2 but their replies through transit_gateway tgw1"
    destination = "10.2.0.0/16"
    target      = transit_gateway.tgw1
  }
}

route_table "b" {
  vpc     = vpc.b
  subnets = [subnet.b-app, subnet.b-tgw]
  route { # want asymmetric-routing "from subnet a-app to subnet b-app go through transit_gateway tgw1 but their replies through transit_gateway tgw2"
    destination = "10.1.0.0/16"
    target      = transit_gateway.tgw2
  }
}
