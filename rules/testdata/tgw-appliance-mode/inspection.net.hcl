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

# silent: both zones' attachment subnets route to the one endpoint, in
# us-east-1a: the same appliances see both directions of every flow
transit_gateway_attachment "gwlb" {
  transit_gateway = transit_gateway.hub
  vpc             = vpc.gwlb
  subnets         = [subnet.gwlb-tgw-a, subnet.gwlb-tgw-b]
}

# Centralised inspection with a Gateway Load Balancer endpoint in each
# zone, each zone's attachment subnet routing to its own: without
# appliance mode a reply may come back through the other zone's endpoint.
# https://docs.aws.amazon.com/elasticloadbalancing/latest/gateway/getting-started.html
# https://docs.aws.amazon.com/vpc/latest/tgw/transit-gateway-appliance-scenario.html
vpc "gwlb-zonal" {
  cidr_block = "10.7.0.0/16"
}

subnet "zonal-tgw-a" {
  vpc        = vpc.gwlb-zonal
  cidr_block = "10.7.0.0/28"
  az         = "us-east-1a"
}

subnet "zonal-tgw-b" {
  vpc        = vpc.gwlb-zonal
  cidr_block = "10.7.0.16/28"
  az         = "us-east-1b"
}

subnet "zonal-gwlbe-a" {
  vpc        = vpc.gwlb-zonal
  cidr_block = "10.7.1.0/24"
  az         = "us-east-1a"
}

subnet "zonal-gwlbe-b" {
  vpc        = vpc.gwlb-zonal
  cidr_block = "10.7.2.0/24"
  az         = "us-east-1b"
}

load_balancer "inspect" {
  type    = "gateway"
  subnets = [subnet.zonal-gwlbe-a, subnet.zonal-gwlbe-b]
}

vpc_endpoint "zonal-a" {
  vpc           = vpc.gwlb-zonal
  type          = "GatewayLoadBalancer"
  service       = "com.amazonaws.vpce.us-east-1.vpce-svc-0123456789abcdef1"
  subnets       = [subnet.zonal-gwlbe-a]
  load_balancer = load_balancer.inspect
}

vpc_endpoint "zonal-b" {
  vpc           = vpc.gwlb-zonal
  type          = "GatewayLoadBalancer"
  service       = "com.amazonaws.vpce.us-east-1.vpce-svc-0123456789abcdef1"
  subnets       = [subnet.zonal-gwlbe-b]
  load_balancer = load_balancer.inspect
}

route_table "zonal-tgw-a" {
  vpc     = vpc.gwlb-zonal
  subnets = [subnet.zonal-tgw-a]
  route {
    destination = "0.0.0.0/0"
    target      = vpc_endpoint.zonal-a
  }
}

route_table "zonal-tgw-b" {
  vpc     = vpc.gwlb-zonal
  subnets = [subnet.zonal-tgw-b]
  route {
    destination = "0.0.0.0/0"
    target      = vpc_endpoint.zonal-b
  }
}

transit_gateway_attachment "gwlb-zonal" { # want tgw-appliance-mode "to gateway load balancer endpoint zonal-a (appliances of load balancer inspect), gateway load balancer endpoint zonal-b (appliances of load balancer inspect) in 2 availability zones"
  transit_gateway = transit_gateway.hub
  vpc             = vpc.gwlb-zonal
  subnets         = [subnet.zonal-tgw-a, subnet.zonal-tgw-b]
}

# Centralised inspection with AWS Network Firewall: one endpoint per zone.
# https://docs.aws.amazon.com/network-firewall/latest/developerguide/arch-centralized-tgw.html
vpc "nfw" {
  cidr_block = "10.6.0.0/16"
}

subnet "nfw-tgw-a" {
  vpc        = vpc.nfw
  cidr_block = "10.6.0.0/28"
  az         = "us-east-1a"
}

subnet "nfw-tgw-b" {
  vpc        = vpc.nfw
  cidr_block = "10.6.0.16/28"
  az         = "us-east-1b"
}

subnet "nfw-a" {
  vpc        = vpc.nfw
  cidr_block = "10.6.1.0/24"
  az         = "us-east-1a"
}

subnet "nfw-b" {
  vpc        = vpc.nfw
  cidr_block = "10.6.2.0/24"
  az         = "us-east-1b"
}

network_firewall_policy "central" {
  stateless_default_action = "aws:forward_to_sfe"
}

network_firewall "central" {
  vpc     = vpc.nfw
  policy  = network_firewall_policy.central
  subnets = [subnet.nfw-a, subnet.nfw-b]
}

vpc_endpoint "nfw-a" {
  vpc      = vpc.nfw
  type     = "NetworkFirewall"
  firewall = network_firewall.central
  subnets  = [subnet.nfw-a]
}

vpc_endpoint "nfw-b" {
  vpc      = vpc.nfw
  type     = "NetworkFirewall"
  firewall = network_firewall.central
  subnets  = [subnet.nfw-b]
}

route_table "nfw-tgw-a" {
  vpc     = vpc.nfw
  subnets = [subnet.nfw-tgw-a]
  route {
    destination = "0.0.0.0/0"
    target      = vpc_endpoint.nfw-a
  }
}

route_table "nfw-tgw-b" {
  vpc     = vpc.nfw
  subnets = [subnet.nfw-tgw-b]
  route {
    destination = "0.0.0.0/0"
    target      = vpc_endpoint.nfw-b
  }
}

transit_gateway_attachment "nfw" { # want tgw-appliance-mode "network firewall endpoint nfw-a (firewall central), network firewall endpoint nfw-b (firewall central) in 2 availability zones"
  transit_gateway = transit_gateway.hub
  vpc             = vpc.nfw
  subnets         = [subnet.nfw-tgw-a, subnet.nfw-tgw-b]
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
