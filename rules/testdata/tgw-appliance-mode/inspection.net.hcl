transit_gateway "hub" {}

vpc "inspection" {
  cidr_block = "10.9.0.0/16"
}

subnet "tgw-a" {
  vpc        = vpc.inspection
  cidr_block = "10.9.0.0/28"
  az         = "us-east-1a"
}

subnet "tgw-b" {
  vpc        = vpc.inspection
  cidr_block = "10.9.0.16/28"
  az         = "us-east-1b"
}

subnet "fw-a" {
  vpc        = vpc.inspection
  cidr_block = "10.9.1.0/24"
  az         = "us-east-1a"
}

network_interface "fw-a" {
  subnet            = subnet.fw-a
  private_ips       = ["10.9.1.10"]
  source_dest_check = false
}

route_table "tgw" {
  vpc     = vpc.inspection
  subnets = [subnet.tgw-a, subnet.tgw-b]
  route {
    destination = "0.0.0.0/0"
    target      = network_interface.fw-a
  }
}

transit_gateway_attachment "inspection" { # want tgw-appliance-mode "transit gateway attachment inspection delivers traffic from transit gateway hub to network interface fw-a in 2 availability zones (us-east-1a, us-east-1b) without appliance mode"
  transit_gateway = transit_gateway.hub
  vpc             = vpc.inspection
  subnets         = [subnet.tgw-a, subnet.tgw-b]
}

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

transit_gateway_attachment "gwlb" { # want tgw-appliance-mode "gateway load balancer endpoint gwlbe"
  transit_gateway = transit_gateway.hub
  vpc             = vpc.gwlb
  subnets         = [subnet.gwlb-tgw-a, subnet.gwlb-tgw-b]
}

vpc "egress" {
  cidr_block = "10.4.0.0/16"
}

subnet "egress-tgw-a" {
  vpc        = vpc.egress
  cidr_block = "10.4.0.0/28"
  az         = "us-east-1a"
}

subnet "egress-tgw-b" {
  vpc        = vpc.egress
  cidr_block = "10.4.0.16/28"
  az         = "us-east-1b"
}

nat_gateway "egress" {
  subnet       = subnet.egress-tgw-a
  connectivity = "private"
}

# silent: a NAT gateway behind the attachment needs no appliance mode
route_table "egress-tgw" {
  vpc     = vpc.egress
  subnets = [subnet.egress-tgw-a, subnet.egress-tgw-b]
  route {
    destination = "0.0.0.0/0"
    target      = nat_gateway.egress
  }
}

transit_gateway_attachment "egress" {
  transit_gateway = transit_gateway.hub
  vpc             = vpc.egress
  subnets         = [subnet.egress-tgw-a, subnet.egress-tgw-b]
}
