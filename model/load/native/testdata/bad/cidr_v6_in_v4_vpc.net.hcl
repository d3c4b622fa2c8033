# want 3:33 "IPv6 blocks go in ipv6_cidr_blocks"
vpc "prod" {
  cidr_blocks = ["10.0.0.0/16", "2001:db8::/56"]
}
