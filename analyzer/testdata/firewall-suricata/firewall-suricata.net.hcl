# The network of firewall.net.hcl under default action order, with a
# stateful group of Suricata rules vpcheck does not evaluate: a packet the
# modelled pass rules do not pass may be decided by those rules, so its
# answer is unknown; telnet is still dropped by the stateless group first.
# https://docs.aws.amazon.com/network-firewall/latest/developerguide/suricata-rule-evaluation-order.html

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

network_firewall_rule_group "suricata" {
  type         = "STATEFUL"
  rules_string = "drop http $HOME_NET any -> $EXTERNAL_NET any (msg:\"no http out\"; sid:1;)"
}

network_firewall_policy "edge" {
  stateless_default_action = "aws:forward_to_sfe"
  stateless_rule_groups    = [network_firewall_rule_group.no-telnet]
  stateful_rule_groups     = [network_firewall_rule_group.web, network_firewall_rule_group.suricata]
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
