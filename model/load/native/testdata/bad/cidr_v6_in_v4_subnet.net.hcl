# want 7:3 "is not an IPv4 block; use ipv6_cidr_block"
vpc "prod" {
  cidr_block = "10.0.0.0/16"
}
subnet "app-a" {
  vpc        = vpc.prod
  cidr_block = "2001:db8::/64"
}
