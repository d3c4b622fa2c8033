# want 15:1 "must end at exactly one of a vpn gateway or a transit gateway"
vpc "prod" {
  cidr_block = "10.0.0.0/16"
}
customer_gateway "office" {
  ip_address = "198.51.100.10"
}

vpn_gateway "prod" {
  vpc = vpc.prod
}

transit_gateway "core" {}

vpn_connection "office" {
  customer_gateway = customer_gateway.office
  vpn_gateway      = vpn_gateway.prod
  transit_gateway  = transit_gateway.core
}
