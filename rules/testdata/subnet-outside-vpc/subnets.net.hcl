vpc "prod" {
  cidr_blocks     = ["10.0.0.0/16", "10.1.0.0/16"]
  ipv6_cidr_block = "2001:db8:1200::/56"
}

# silent: inside the primary block
subnet "a" {
  vpc        = vpc.prod
  cidr_block = "10.0.1.0/24"
}

# silent: inside the secondary block, with an IPv6 block inside the VPC's
subnet "b" {
  vpc             = vpc.prod
  cidr_block      = "10.1.1.0/24"
  ipv6_cidr_block = "2001:db8:1200:1::/64"
}

subnet "c" {
  vpc        = vpc.prod
  cidr_block = "10.2.0.0/24" # want subnet-outside-vpc "subnet c 10.2.0.0/24 is outside the blocks of vpc prod (10.0.0.0/16, 10.1.0.0/16)"
}

subnet "d" {
  vpc        = vpc.prod
  cidr_block = "10.0.0.0/15" # want subnet-outside-vpc "straddles"
}

subnet "e" {
  vpc             = vpc.prod
  cidr_block      = "10.0.2.0/24"
  ipv6_cidr_block = "2001:db8:1300::/64" # want subnet-outside-vpc "ipv6 blocks of vpc prod"
}

# silent: the VPC's IPv6 block is not known (assigned by AWS on apply)
vpc "v6-unknown" {
  cidr_block = "10.9.0.0/16"
}

subnet "f" {
  vpc             = vpc.v6-unknown
  cidr_block      = "10.9.0.0/24"
  ipv6_cidr_block = "2001:db8:1400::/64"
}
