vpc "huge" {
  cidr_block = "10.0.0.0/8" # want cidr-size "vpc huge block 10.0.0.0/8 is a /8"
}

# silent: /16 and /28 are the bounds
vpc "bounds" {
  cidr_blocks     = ["172.16.0.0/16", "172.17.0.0/28"]
  ipv6_cidr_block = "2001:db8:1200::/56"
}

# silent: a /64 subnet and a /28 one
subnet "ok" {
  vpc             = vpc.bounds
  cidr_block      = "172.16.1.0/28"
  ipv6_cidr_block = "2001:db8:1200:1::/64"
}

subnet "too-small" {
  vpc        = vpc.bounds
  cidr_block = "172.16.2.0/29" # want cidr-size "subnet too-small block 172.16.2.0/29 is a /29"
}

subnet "v6" {
  vpc             = vpc.bounds
  cidr_block      = "172.16.3.0/24"
  ipv6_cidr_block = "2001:db8:1200:2::/80" # want cidr-size "subnet v6 ipv6 block 2001:db8:1200:2::/80 is a /80"
}

vpc "odd" {
  cidr_block      = "10.200.0.0/16"
  ipv6_cidr_block = "2001:db8:2000::/58" # want cidr-size "/44 to /60 in steps of 4"
}
