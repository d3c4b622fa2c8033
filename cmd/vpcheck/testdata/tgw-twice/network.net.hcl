# One VPC attached twice to one transit gateway, which AWS refuses: "A
# transit gateway cannot have more than one VPC attachment to the same VPC"
# (https://docs.aws.amazon.com/vpc/latest/tgw/transit-gateway-quotas.html).

transit_gateway "hub" {}

transit_gateway_route_table "main" {
  transit_gateway = transit_gateway.hub
}

vpc "v" {
  cidr_block = "10.70.0.0/16"
}

subnet "a" {
  vpc        = vpc.v
  cidr_block = "10.70.1.0/24"
  az         = "eu-west-1a"
}

transit_gateway_attachment "one" {
  transit_gateway = transit_gateway.hub
  vpc             = vpc.v
  subnets         = [subnet.a]
  association     = transit_gateway_route_table.main
}

transit_gateway_attachment "two" {
  transit_gateway = transit_gateway.hub
  vpc             = vpc.v
  subnets         = [subnet.a]
}
