# The gateway load balancer design of inspection.net.hcl with appliance
# mode on, in a network of its own: a transit gateway cannot have two
# attachments to one VPC
# (https://docs.aws.amazon.com/vpc/latest/tgw/transit-gateway-quotas.html).

transit_gateway "hub" {}

vpc "gwlb" {
  cidr_block = "10.8.0.0/16"
}

subnet "gwlb-tgw-a" {
  vpc        = vpc.gwlb
  cidr_block = "10.8.0.0/28"
  az         = "us-east-1a"
}

subnet "gwlb-tgw-b" {
  vpc        = vpc.gwlb
  cidr_block = "10.8.0.16/28"
  az         = "us-east-1b"
}

subnet "gwlbe-a" {
  vpc        = vpc.gwlb
  cidr_block = "10.8.1.0/24"
  az         = "us-east-1a"
}

vpc_endpoint "gwlbe" {
  vpc     = vpc.gwlb
  type    = "GatewayLoadBalancer"
  service = "com.amazonaws.vpce.us-east-1.vpce-svc-0123456789abcdef0"
  subnets = [subnet.gwlbe-a]
}

route_table "gwlb-tgw" {
  vpc     = vpc.gwlb
  subnets = [subnet.gwlb-tgw-a, subnet.gwlb-tgw-b]
  route {
    destination = "0.0.0.0/0"
    target      = vpc_endpoint.gwlbe
  }
}

# silent: the same design with appliance mode on
transit_gateway_attachment "gwlb-fixed" {
  transit_gateway = transit_gateway.hub
  vpc             = vpc.gwlb
  subnets         = [subnet.gwlb-tgw-a, subnet.gwlb-tgw-b]
  appliance_mode  = true
}
