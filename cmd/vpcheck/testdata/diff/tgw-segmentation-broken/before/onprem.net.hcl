# tgw-hub: the data centre, over a BGP Site-to-Site VPN that ends on the
# transit gateway. It announces 172.16.0.0/12; the VPN attachment propagates
# it into the prod, dev and shared tables.
#   https://docs.aws.amazon.com/vpc/latest/tgw/tgw-vpn-attachments.html

customer_gateway "dc-router" {
  ip_address = "198.51.100.10"
  asn        = 65000
}

vpn_connection "datacenter" {
  customer_gateway = customer_gateway.dc-router
  transit_gateway  = transit_gateway.hub
  tunnels          = 2
}

on_prem "datacenter" {
  cidr_blocks = ["172.16.0.0/12"]
  connections = [vpn_connection.datacenter]
}
