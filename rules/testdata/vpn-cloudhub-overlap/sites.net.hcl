vpc "corp" {
  cidr_block = "10.50.0.0/16"
}

vpn_gateway "corp" {
  vpc = vpc.corp
}

customer_gateway "office" {
  ip_address = "198.51.100.10"
  asn        = 65010
}

customer_gateway "branch" {
  ip_address = "198.51.100.20"
  asn        = 65020
}

customer_gateway "shop" {
  ip_address = "198.51.100.30"
  asn        = 65030
}

vpn_connection "office" {
  customer_gateway = customer_gateway.office
  vpn_gateway      = vpn_gateway.corp
}

vpn_connection "branch" {
  customer_gateway = customer_gateway.branch
  vpn_gateway      = vpn_gateway.corp
}

vpn_connection "shop" {
  customer_gateway = customer_gateway.shop
  vpn_gateway      = vpn_gateway.corp
  static_routes    = ["192.168.10.128/25", "0.0.0.0/0"]
}

on_prem "office" {
  cidr_blocks = ["192.168.0.0/21", "172.16.0.0/16"]
  advertises  = ["0.0.0.0/0"]
  connections = [vpn_connection.office]
}

on_prem "branch" {
  cidr_blocks = ["192.168.10.0/24"] # want vpn-cloudhub-overlap "on-premises network branch 192.168.10.0/24 overlaps vpn connection shop 192.168.10.128/25, and both reach vpn gateway corp"
  connections = [vpn_connection.branch]
}

customer_gateway "warehouse" {
  ip_address = "198.51.100.60"
  asn        = 65060
}

vpn_connection "warehouse" {
  customer_gateway = customer_gateway.warehouse
  vpn_gateway      = vpn_gateway.corp
}

on_prem "warehouse" {
  cidr_blocks = ["172.16.5.0/24"] # want vpn-cloudhub-overlap "on-premises network warehouse 172.16.5.0/24 overlaps on-premises network office 172.16.0.0/16"
  connections = [vpn_connection.warehouse]
}

# silent: a site with its own range on the same gateway
customer_gateway "lab" {
  ip_address = "198.51.100.40"
  asn        = 65040
}

vpn_connection "lab" {
  customer_gateway = customer_gateway.lab
  vpn_gateway      = vpn_gateway.corp
}

on_prem "lab" {
  cidr_blocks = ["172.17.0.0/16"]
  connections = [vpn_connection.lab]
}

# silent: the same range behind a different gateway
vpc "other" {
  cidr_block = "10.60.0.0/16"
}

vpn_gateway "other" {
  vpc = vpc.other
}

customer_gateway "remote" {
  ip_address = "198.51.100.50"
  asn        = 65050
}

vpn_connection "remote" {
  customer_gateway = customer_gateway.remote
  vpn_gateway      = vpn_gateway.other
}

on_prem "remote" {
  cidr_blocks = ["192.168.0.0/16"]
  connections = [vpn_connection.remote]
}
