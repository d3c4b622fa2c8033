vpc "prod" {
  cidr_block      = "10.0.0.0/16"
  ipv6_cidr_block = "2001:db8:1200::/56"
}

vpn_gateway "prod" {
  vpc = vpc.prod
}

prefix_list "partners" {
  entries     = ["198.51.100.0/24"]
  max_entries = 45
}

prefix_list "partners-v6" {
  entries     = ["2001:db8:ff00::/40"]
  max_entries = 30
  family      = "IPv6"
}

route_table "app" {
  vpc = vpc.prod
  route {
    destination_prefix_list = prefix_list.partners
    target                  = vpn_gateway.prod
  }
  # silent: IPv6 routes count apart (30 + 1 of 50)
  route {
    destination_prefix_list = prefix_list.partners-v6
    target                  = vpn_gateway.prod
  }
  route {
    destination = "2001:db8:ff00::/40"
    target      = vpn_gateway.prod
  }
  route {
    destination = "192.168.0.0/24"
    target      = vpn_gateway.prod
  }
  route {
    destination = "192.168.1.0/24"
    target      = vpn_gateway.prod
  }
  route {
    destination = "192.168.2.0/24"
    target      = vpn_gateway.prod
  }
  route {
    destination = "192.168.3.0/24"
    target      = vpn_gateway.prod
  }
  route {
    destination = "192.168.4.0/24"
    target      = vpn_gateway.prod
  }
  route { # want route-limit "route table app has 51 static ipv4 routes, more than the default quota of 50"
    destination = "192.168.5.0/24"
    target      = vpn_gateway.prod
  }
}

customer_gateway "dc" {
  ip_address = "198.51.100.10"
  asn        = 65010
}

vpn_connection "dc" {
  customer_gateway = customer_gateway.dc
  vpn_gateway      = vpn_gateway.prod
}

prefix_list "dc-routes" {
  entries = ["172.16.0.0/24"]
}

# A site that announces 101 prefixes over BGP.
on_prem "dc" {
  cidr_blocks = ["172.16.0.0/16"]
  advertises = [
    "172.16.0.0/24", "172.16.1.0/24", "172.16.2.0/24", "172.16.3.0/24", "172.16.4.0/24", "172.16.5.0/24", "172.16.6.0/24", "172.16.7.0/24", "172.16.8.0/24", "172.16.9.0/24",
    "172.16.10.0/24", "172.16.11.0/24", "172.16.12.0/24", "172.16.13.0/24", "172.16.14.0/24", "172.16.15.0/24", "172.16.16.0/24", "172.16.17.0/24", "172.16.18.0/24", "172.16.19.0/24",
    "172.16.20.0/24", "172.16.21.0/24", "172.16.22.0/24", "172.16.23.0/24", "172.16.24.0/24", "172.16.25.0/24", "172.16.26.0/24", "172.16.27.0/24", "172.16.28.0/24", "172.16.29.0/24",
    "172.16.30.0/24", "172.16.31.0/24", "172.16.32.0/24", "172.16.33.0/24", "172.16.34.0/24", "172.16.35.0/24", "172.16.36.0/24", "172.16.37.0/24", "172.16.38.0/24", "172.16.39.0/24",
    "172.16.40.0/24", "172.16.41.0/24", "172.16.42.0/24", "172.16.43.0/24", "172.16.44.0/24", "172.16.45.0/24", "172.16.46.0/24", "172.16.47.0/24", "172.16.48.0/24", "172.16.49.0/24",
    "172.16.50.0/24", "172.16.51.0/24", "172.16.52.0/24", "172.16.53.0/24", "172.16.54.0/24", "172.16.55.0/24", "172.16.56.0/24", "172.16.57.0/24", "172.16.58.0/24", "172.16.59.0/24",
    "172.16.60.0/24", "172.16.61.0/24", "172.16.62.0/24", "172.16.63.0/24", "172.16.64.0/24", "172.16.65.0/24", "172.16.66.0/24", "172.16.67.0/24", "172.16.68.0/24", "172.16.69.0/24",
    "172.16.70.0/24", "172.16.71.0/24", "172.16.72.0/24", "172.16.73.0/24", "172.16.74.0/24", "172.16.75.0/24", "172.16.76.0/24", "172.16.77.0/24", "172.16.78.0/24", "172.16.79.0/24",
    "172.16.80.0/24", "172.16.81.0/24", "172.16.82.0/24", "172.16.83.0/24", "172.16.84.0/24", "172.16.85.0/24", "172.16.86.0/24", "172.16.87.0/24", "172.16.88.0/24", "172.16.89.0/24",
    "172.16.90.0/24", "172.16.91.0/24", "172.16.92.0/24", "172.16.93.0/24", "172.16.94.0/24", "172.16.95.0/24", "172.16.96.0/24", "172.16.97.0/24", "172.16.98.0/24", "172.16.99.0/24",
    "172.16.100.0/24",
  ]
  connections = [vpn_connection.dc]
}

route_table "propagated" { # want route-limit "route table propagated receives 101 propagated routes, more than the 100 aws accepts"
  vpc                      = vpc.prod
  propagating_vpn_gateways = [vpn_gateway.prod]
  route {
    destination_prefix_list = prefix_list.dc-routes
    target                  = vpn_gateway.prod
  }
}

# silent: a table well within its quotas
route_table "small" {
  vpc = vpc.prod
  route {
    destination = "0.0.0.0/0"
    target      = vpn_gateway.prod
  }
}
