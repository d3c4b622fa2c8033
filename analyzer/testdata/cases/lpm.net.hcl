# Longest prefix match and AWS's order on equal prefixes in a subnet route
# table: static, then prefix list, then propagated routes:
# https://docs.aws.amazon.com/vpc/latest/userguide/route-tables-priority.html
#
# The branch office announces 172.16.0.0/16, 172.16.5.0/24, 172.17.0.0/16
# and 172.18.0.0/16 over BGP to vpn_gateway lpm; route table lpm has
# propagation on, so each becomes a propagated route to the gateway.
#   172.16.0.0/16   static blackhole beats the propagated route (same prefix)
#   172.16.5.0/24   propagated, longer than the static /16: wins
#   172.17.0.0/16   prefix list route to the appliance beats the propagated route
#   172.18.0.0/16   static blackhole beats the prefix list route

vpc "lpm" {
  cidr_block = "10.2.0.0/16"
}

subnet "lpm-a" {
  vpc        = vpc.lpm
  cidr_block = "10.2.1.0/24"
  az         = "eu-west-1a"
}

subnet "appliance-a" {
  vpc        = vpc.lpm
  cidr_block = "10.2.2.0/24"
  az         = "eu-west-1a"
}

vpn_gateway "lpm" {
  vpc = vpc.lpm
}

customer_gateway "branch" {
  ip_address = "198.51.100.50"
  asn        = 65050
}

vpn_connection "branch" {
  customer_gateway = customer_gateway.branch
  vpn_gateway      = vpn_gateway.lpm
  tunnels          = 2
}

on_prem "branch" {
  cidr_blocks = ["172.16.0.0/14"]
  advertises  = ["172.16.0.0/16", "172.16.5.0/24", "172.17.0.0/16", "172.18.0.0/16"]
  connections = [vpn_connection.branch]
}

prefix_list "inspected" {
  entries = ["172.17.0.0/16", "172.18.0.0/16"]
}

route_table "lpm" {
  vpc                      = vpc.lpm
  subnets                  = [subnet.lpm-a]
  propagating_vpn_gateways = [vpn_gateway.lpm]
  route {
    destination = "172.16.0.0/16"
    target      = "blackhole"
  }
  route {
    destination = "172.18.0.0/16"
    target      = "blackhole"
  }
  route {
    destination_prefix_list = prefix_list.inspected
    target                  = instance.inspector
  }
}

route_table "appliance" {
  vpc                      = vpc.lpm
  subnets                  = [subnet.appliance-a]
  propagating_vpn_gateways = [vpn_gateway.lpm]
}

security_group "all" {
  vpc = vpc.lpm
  ingress {
    protocol    = "all"
    cidr_blocks = ["0.0.0.0/0"]
  }
  egress {
    protocol    = "all"
    cidr_blocks = ["0.0.0.0/0"]
  }
}

instance "lpm-1" {
  subnet          = subnet.lpm-a
  private_ip      = "10.2.1.10"
  security_groups = [security_group.all]
}

instance "inspector" {
  subnet            = subnet.appliance-a
  private_ip        = "10.2.2.10"
  security_groups   = [security_group.all]
  source_dest_check = false
}
