# The distributed Network Firewall of analyzer/testdata/firewall with the
# classic mistake: zone b's public route table sends its default route
# straight to the internet gateway instead of to the zone's firewall
# endpoint. Requests from the internet to web-b cross endpoint fw-b (the
# gateway route table sends public-b's block there); their replies leave
# by the internet gateway directly. Network Firewall "doesn't support
# asymmetric routing": it drops the flow.
# https://docs.aws.amazon.com/network-firewall/latest/developerguide/asymmetric-routing.html
# https://docs.aws.amazon.com/network-firewall/latest/developerguide/arch-two-zone-igw.html
# Zone a routes both ways through fw-a: silent.

vpc "edge" {
  cidr_block = "10.70.0.0/16"
  region     = "eu-west-1"
  account    = "111122223333"
}

subnet "fw-a" {
  vpc        = vpc.edge
  cidr_block = "10.70.0.0/28"
  az         = "eu-west-1a"
}

subnet "fw-b" {
  vpc        = vpc.edge
  cidr_block = "10.70.0.16/28"
  az         = "eu-west-1b"
}

subnet "public-a" {
  vpc        = vpc.edge
  cidr_block = "10.70.1.0/24"
  az         = "eu-west-1a"
}

subnet "public-b" {
  vpc        = vpc.edge
  cidr_block = "10.70.2.0/24"
  az         = "eu-west-1b"
}

internet_gateway "edge" {
  vpc = vpc.edge
}

route_table "igw-edge" {
  vpc      = vpc.edge
  gateways = [internet_gateway.edge]

  route {
    destination = "10.70.1.0/24"
    target      = vpc_endpoint.fw-a
  }
  route {
    destination = "10.70.2.0/24"
    target      = vpc_endpoint.fw-b
  }
}

route_table "firewall" {
  vpc     = vpc.edge
  subnets = [subnet.fw-a, subnet.fw-b]

  route {
    destination = "0.0.0.0/0"
    target      = internet_gateway.edge
  }
}

route_table "public-a" {
  vpc     = vpc.edge
  subnets = [subnet.public-a]

  route {
    destination = "0.0.0.0/0"
    target      = vpc_endpoint.fw-a
  }
}

route_table "public-b" { # want asymmetric-routing "requests from the internet to instance web-b in subnet public-b cross the endpoint fw-b of network_firewall edge but their replies cross no appliance: the endpoint fw-b of network_firewall edge sees one direction of the flow only, and Network Firewall drops traffic routed asymmetrically"
  vpc     = vpc.edge
  subnets = [subnet.public-b]

  route {
    destination = "0.0.0.0/0"
    target      = internet_gateway.edge
  }
}

network_firewall_rule_group "no-telnet" {
  type = "STATELESS"
  stateless_rule {
    priority          = 10
    action            = "aws:drop"
    destination_ports = 23
    protocols         = [6]
  }
  stateless_rule {
    priority     = 20
    action       = "aws:drop"
    source_ports = "0-1023"
    protocols    = [17]
  }
}

network_firewall_rule_group "web" {
  type = "STATEFUL"
  stateful_rule {
    action           = "PASS"
    protocol         = "TCP"
    source           = "ANY"
    source_port      = "ANY"
    destination      = "10.70.1.0/24"
    destination_port = 443
  }
  stateful_rule {
    action           = "PASS"
    protocol         = "TCP"
    source           = "ANY"
    source_port      = "ANY"
    destination      = "10.70.2.0/24"
    destination_port = 8443
  }
  stateful_rule {
    action           = "PASS"
    protocol         = "TCP"
    source           = "198.51.100.0/24"
    source_port      = "ANY"
    destination      = "10.70.0.0/16"
    destination_port = 22
  }
  stateful_rule {
    action           = "PASS"
    protocol         = "IP"
    source           = "10.70.0.0/16"
    destination      = "ANY"
  }
}

network_firewall_policy "edge" {
  stateless_default_action = "aws:forward_to_sfe"
  stateless_rule_groups    = [network_firewall_rule_group.no-telnet]
  stateful_rule_groups     = [network_firewall_rule_group.web]
  rule_order               = "STRICT_ORDER"
  stateful_default_actions = ["aws:drop_strict"]
}

network_firewall "edge" {
  vpc     = vpc.edge
  policy  = network_firewall_policy.edge
  subnets = [subnet.fw-a, subnet.fw-b]
}

vpc_endpoint "fw-a" {
  vpc      = vpc.edge
  type     = "NetworkFirewall"
  firewall = network_firewall.edge
  subnets  = [subnet.fw-a]
  aws_id   = "vpce-0a1b2c3d4e5f60a01"
}

vpc_endpoint "fw-b" {
  vpc      = vpc.edge
  type     = "NetworkFirewall"
  firewall = network_firewall.edge
  subnets  = [subnet.fw-b]
  aws_id   = "vpce-0a1b2c3d4e5f60b01"
}

security_group "web" {
  vpc = vpc.edge
  ingress {
    protocol    = "tcp"
    ports       = "22-8443"
    cidr_blocks = ["0.0.0.0/0"]
  }
  egress {
    protocol    = "all"
    cidr_blocks = ["0.0.0.0/0"]
  }
}

instance "web-a" {
  subnet          = subnet.public-a
  private_ip      = "10.70.1.10"
  public_ip       = "203.0.113.71"
  security_groups = [security_group.web]
}

instance "web-b" {
  subnet          = subnet.public-b
  private_ip      = "10.70.2.10"
  public_ip       = "203.0.113.72"
  security_groups = [security_group.web]
}
