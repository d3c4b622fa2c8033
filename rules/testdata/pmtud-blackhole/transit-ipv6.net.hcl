# The transit gateway's drop to 8500 bytes for IPv6: the message is ICMPv6
# type 2 (packet too big)
# (https://aws.amazon.com/blogs/networking-and-content-delivery/performance-and-metrics-enhancements-for-aws-transit-gateway-and-aws-cloud-wan/).
# The network ACL of subnet cv-a admits ICMPv6 from no source.

transit_gateway "hub" {}

transit_gateway_route_table "main" {
  transit_gateway = transit_gateway.hub
}

vpc "cv" {
  cidr_block      = "10.60.0.0/16"
  ipv6_cidr_block = "2001:db8:60::/56"
}

subnet "cv-a" {
  vpc             = vpc.cv
  cidr_block      = "10.60.10.0/24"
  ipv6_cidr_block = "2001:db8:60:10::/64"
  az              = "eu-west-1a"
}

subnet "cv-tgw" {
  vpc             = vpc.cv
  cidr_block      = "10.60.250.0/28"
  ipv6_cidr_block = "2001:db8:60:fa::/64"
  az              = "eu-west-1a"
}

vpc "sv" {
  cidr_block      = "10.61.0.0/16"
  ipv6_cidr_block = "2001:db8:61::/56"
}

subnet "sv-a" {
  vpc             = vpc.sv
  cidr_block      = "10.61.1.0/24"
  ipv6_cidr_block = "2001:db8:61:1::/64"
  az              = "eu-west-1a"
}

transit_gateway_attachment "cv" {
  transit_gateway = transit_gateway.hub
  vpc             = vpc.cv
  subnets         = [subnet.cv-tgw]
  association     = transit_gateway_route_table.main
  propagations    = [transit_gateway_route_table.main]
}

transit_gateway_attachment "sv" {
  transit_gateway = transit_gateway.hub
  vpc             = vpc.sv
  subnets         = [subnet.sv-a]
  association     = transit_gateway_route_table.main
  propagations    = [transit_gateway_route_table.main]
}

route_table "cv" {
  vpc     = vpc.cv
  subnets = [subnet.cv-a, subnet.cv-tgw]
  route {
    destination = "2001:db8:61::/56"
    target      = transit_gateway.hub
  }
}

route_table "sv" {
  vpc     = vpc.sv
  subnets = [subnet.sv-a]
  route {
    destination = "2001:db8:60::/56"
    target      = transit_gateway.hub
  }
}

# want pmtud-blackhole "mtu drops from 9001 to 8500 at transit gateway hub, and icmp type 2 (packet too big) from any source address does not come back (NACL_INGRESS_DENY"
network_acl "clients" {
  vpc     = vpc.cv
  subnets = [subnet.cv-a]
  egress {
    rule       = 100
    action     = "allow"
    protocol   = "tcp"
    ports      = 443
    cidr_block = "2001:db8:61::/56"
  }
  ingress {
    rule       = 100
    action     = "allow"
    protocol   = "tcp"
    ports      = "1024-65535"
    cidr_block = "2001:db8:61::/56"
  }
}

security_group "client" {
  vpc = vpc.cv
  egress {
    protocol    = "tcp"
    ports       = 443
    cidr_blocks = ["2001:db8:61::/56"]
  }
}

security_group "server" {
  vpc = vpc.sv
  ingress {
    protocol    = "tcp"
    ports       = 443
    cidr_blocks = ["2001:db8:60::/56"]
  }
}

instance "c-1" {
  subnet          = subnet.cv-a
  private_ip      = "10.60.10.10"
  ipv6_addresses  = ["2001:db8:60:10::10"]
  security_groups = [security_group.client]
}

instance "s-1" {
  subnet          = subnet.sv-a
  private_ip      = "10.61.1.10"
  ipv6_addresses  = ["2001:db8:61:1::10"]
  security_groups = [security_group.server]
}
