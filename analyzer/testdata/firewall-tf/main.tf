# The network of ../firewall/firewall.net.hcl in Terraform: a distributed
# Network Firewall, the endpoint ids taken from firewall_status the way the
# provider forces (element([for …]) keyed by the firewall subnet, as the
# aws-samples repositories do). See
# https://docs.aws.amazon.com/network-firewall/latest/developerguide/arch-two-zone-igw.html

provider "aws" {
  region = "eu-west-1"
}

locals {
  zones = ["eu-west-1a", "eu-west-1b"]
}

resource "aws_vpc" "edge" {
  cidr_block = "10.70.0.0/16"
}

resource "aws_subnet" "fw" {
  count             = 2
  vpc_id            = aws_vpc.edge.id
  cidr_block        = cidrsubnet("10.70.0.0/24", 4, count.index)
  availability_zone = local.zones[count.index]
}

resource "aws_subnet" "public" {
  count             = 2
  vpc_id            = aws_vpc.edge.id
  cidr_block        = cidrsubnet("10.70.0.0/16", 8, 1 + count.index)
  availability_zone = local.zones[count.index]
}

resource "aws_internet_gateway" "edge" {
  vpc_id = aws_vpc.edge.id
}

resource "aws_networkfirewall_rule_group" "no_telnet" {
  capacity = 10
  name     = "no-telnet"
  type     = "STATELESS"
  rule_group {
    rules_source {
      stateless_rules_and_custom_actions {
        stateless_rule {
          priority = 10
          rule_definition {
            actions = ["aws:drop"]
            match_attributes {
              protocols = [6]
              source {
                address_definition = "0.0.0.0/0"
              }
              destination {
                address_definition = "0.0.0.0/0"
              }
              destination_port {
                from_port = 23
                to_port   = 23
              }
            }
          }
        }
      }
    }
  }
}

resource "aws_networkfirewall_rule_group" "web" {
  capacity = 10
  name     = "web"
  type     = "STATEFUL"
  rule_group {
    rules_source {
      stateful_rule {
        action = "PASS"
        header {
          protocol         = "TCP"
          source           = "ANY"
          source_port      = "ANY"
          direction        = "FORWARD"
          destination      = "10.70.1.0/24"
          destination_port = "443"
        }
        rule_option {
          keyword  = "sid"
          settings = ["1"]
        }
      }
      stateful_rule {
        action = "PASS"
        header {
          protocol         = "IP"
          source           = "10.70.0.0/16"
          source_port      = "ANY"
          direction        = "FORWARD"
          destination      = "ANY"
          destination_port = "ANY"
        }
        rule_option {
          keyword  = "sid"
          settings = ["2"]
        }
      }
    }
    stateful_rule_options {
      rule_order = "STRICT_ORDER"
    }
  }
}

resource "aws_networkfirewall_firewall_policy" "edge" {
  name = "edge"
  firewall_policy {
    stateless_default_actions          = ["aws:forward_to_sfe"]
    stateless_fragment_default_actions = ["aws:forward_to_sfe"]
    stateless_rule_group_reference {
      priority     = 1
      resource_arn = aws_networkfirewall_rule_group.no_telnet.arn
    }
    stateful_engine_options {
      rule_order = "STRICT_ORDER"
    }
    stateful_default_actions = ["aws:drop_strict"]
    stateful_rule_group_reference {
      priority     = 1
      resource_arn = aws_networkfirewall_rule_group.web.arn
    }
  }
}

resource "aws_networkfirewall_firewall" "edge" {
  name                = "edge"
  firewall_policy_arn = aws_networkfirewall_firewall_policy.edge.arn
  vpc_id              = aws_vpc.edge.id
  dynamic "subnet_mapping" {
    for_each = aws_subnet.fw[*].id
    content {
      subnet_id = subnet_mapping.value
    }
  }
}

resource "aws_route_table" "fw" {
  vpc_id = aws_vpc.edge.id
  route {
    cidr_block = "0.0.0.0/0"
    gateway_id = aws_internet_gateway.edge.id
  }
}

resource "aws_route_table_association" "fw" {
  count          = 2
  subnet_id      = aws_subnet.fw[count.index].id
  route_table_id = aws_route_table.fw.id
}

resource "aws_route_table" "public" {
  count  = 2
  vpc_id = aws_vpc.edge.id
  route {
    cidr_block      = "0.0.0.0/0"
    vpc_endpoint_id = element([for ss in tolist(aws_networkfirewall_firewall.edge.firewall_status[0].sync_states) : ss.attachment[0].endpoint_id if ss.attachment[0].subnet_id == aws_subnet.fw[count.index].id], 0)
  }
}

resource "aws_route_table_association" "public" {
  count          = 2
  subnet_id      = aws_subnet.public[count.index].id
  route_table_id = aws_route_table.public[count.index].id
}

resource "aws_instance" "web" {
  count                       = 2
  ami                         = "ami-0123456789abcdef0"
  instance_type               = "t3.micro"
  subnet_id                   = aws_subnet.public[count.index].id
  private_ip                  = cidrhost(aws_subnet.public[count.index].cidr_block, 10)
  associate_public_ip_address = true
}
