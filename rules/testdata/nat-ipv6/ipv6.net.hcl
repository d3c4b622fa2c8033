vpc "web" {
  cidr_block      = "10.100.0.0/16"
  ipv6_cidr_block = "2001:db8:1234:1a00::/56"
}

subnet "public" {
  vpc             = vpc.web
  cidr_block      = "10.100.0.0/24"
  ipv6_cidr_block = "2001:db8:1234:1a00::/64"
}

subnet "app-a" {
  vpc             = vpc.web
  cidr_block      = "10.100.10.0/24"
  ipv6_cidr_block = "2001:db8:1234:1a0a::/64"
}

subnet "app-b" {
  vpc             = vpc.web
  cidr_block      = "10.100.11.0/24"
  ipv6_cidr_block = "2001:db8:1234:1a0b::/64"
}

subnet "v4only" {
  vpc        = vpc.web
  cidr_block = "10.100.12.0/24"
}

egress_only_internet_gateway "web" {
  vpc = vpc.web
}

nat_gateway "a" {
  subnet       = subnet.public
  connectivity = "private"
}

# silent: IPv4 to the NAT gateway, IPv6 to the egress-only gateway, NAT64 to the NAT gateway
route_table "app-a" {
  vpc     = vpc.web
  subnets = [subnet.app-a]
  route {
    destination = "0.0.0.0/0"
    target      = nat_gateway.a
  }
  route {
    destination = "::/0"
    target      = egress_only_internet_gateway.web
  }
  route {
    destination = "64:ff9b::/96"
    target      = nat_gateway.a
  }
}

route_table "app-b" { # want nat-ipv6 "route table app-b sends ipv4 internet traffic to nat gateway a but has no ::/0 route, and subnet app-b (2001:db8:1234:1a0b::/64) has an ipv6 block"
  vpc     = vpc.web
  subnets = [subnet.app-b]
  route {
    destination = "0.0.0.0/0"
    target      = nat_gateway.a
  }
}

# silent: an IPv4-only subnet needs no IPv6 route
route_table "v4only" {
  vpc     = vpc.web
  subnets = [subnet.v4only]
  route {
    destination = "0.0.0.0/0"
    target      = nat_gateway.a
  }
  route { # want nat-ipv6 "route ::/0 → nat gateway a in route table v4only sends ipv6 traffic to a nat gateway"
    destination = "::/0"
    target      = nat_gateway.a
  }
}
