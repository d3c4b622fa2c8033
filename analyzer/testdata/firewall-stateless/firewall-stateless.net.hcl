# The distributed firewall of ../firewall, with stateless pass rules that
# let some requests bypass the stateful engine. The stateless engine sees
# every packet on its own, replies too; a reply it forwards to the stateful
# engine whose request it passed meets that engine with no state for the
# flow, and the stateful rules decide it as a packet of its own. See
# https://docs.aws.amazon.com/network-firewall/latest/developerguide/firewall-policy-processing.html
#
# - tcp 443 to public-a passes statelessly; its reply (source port 443) is
#   forwarded, and under strict order with aws:drop_strict no stateful rule
#   passes it: the reply is dropped.
# - tcp 8443 to public-b passes statelessly both ways (a rule for each
#   direction): reachable.
# - tcp 22 to public-a passes statelessly; its reply is forwarded and a
#   stateful rule passes packets from public-a's port 22: reachable.
# - tcp 80 goes to the stateful engine both ways: the reply of the flow it
#   passed passes.

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

route_table "public-b" {
  vpc     = vpc.edge
  subnets = [subnet.public-b]

  route {
    destination = "0.0.0.0/0"
    target      = vpc_endpoint.fw-b
  }
}

network_firewall_rule_group "fast-path" {
  type = "STATELESS"
  stateless_rule {
    priority          = 10
    action            = "aws:pass"
    destinations      = ["10.70.1.0/24"]
    destination_ports = 443
    protocols         = [6]
  }
  stateless_rule {
    priority          = 20
    action            = "aws:pass"
    destinations      = ["10.70.2.0/24"]
    destination_ports = 8443
    protocols         = [6]
  }
  stateless_rule {
    priority     = 30
    action       = "aws:pass"
    sources      = ["10.70.2.0/24"]
    source_ports = 8443
    protocols    = [6]
  }
  stateless_rule {
    priority          = 40
    action            = "aws:pass"
    destinations      = ["10.70.1.0/24"]
    destination_ports = 22
    protocols         = [6]
  }
}

network_firewall_rule_group "web" {
  type = "STATEFUL"
  stateful_rule {
    action           = "PASS"
    protocol         = "TCP"
    source           = "ANY"
    source_port      = "ANY"
    destination      = "10.70.0.0/16"
    destination_port = 80
  }
  stateful_rule {
    action           = "PASS"
    protocol         = "TCP"
    source           = "10.70.1.0/24"
    source_port      = 22
    destination      = "ANY"
    destination_port = "ANY"
  }
}

network_firewall_policy "edge" {
  stateless_default_action = "aws:forward_to_sfe"
  stateless_rule_groups    = [network_firewall_rule_group.fast-path]
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
