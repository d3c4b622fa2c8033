vpc "prod" {
  cidr_block      = "10.0.0.0/16"
  ipv6_cidr_block = "2001:db8:1200::/56"
}

subnet "app" {
  vpc             = vpc.prod
  cidr_block      = "10.0.1.0/24"
  ipv6_cidr_block = "2001:db8:1200:1::/64"
}

subnet "db" {
  vpc        = vpc.prod
  cidr_block = "10.0.2.0/24"
}

# silent: the first and last usable addresses
instance "first" {
  subnet     = subnet.app
  private_ip = "10.0.1.4"
}

instance "last" {
  subnet         = subnet.app
  private_ip     = "10.0.1.254"
  ipv6_addresses = ["2001:db8:1200:1::10"]
}

instance "router" { # want reserved-ip "instance router address 10.0.1.1 is reserved in subnet app 10.0.1.0/24 (vpc router)"
  subnet     = subnet.app
  private_ip = "10.0.1.1"
}

instance "broadcast" { # want reserved-ip "10.0.2.255 is reserved in subnet db 10.0.2.0/24 (last address)"
  subnet        = subnet.db
  private_ip    = "10.0.2.10"
  secondary_ips = ["10.0.2.255"]
}

instance "stray" { # want reserved-ip "instance stray address 10.0.3.10 is outside its subnet db 10.0.2.0/24"
  subnet     = subnet.db
  private_ip = "10.0.3.10"
}

instance "twin" { # want reserved-ip "instance twin address 10.0.1.4 is also assigned to instance first"
  subnet     = subnet.app
  private_ip = "10.0.1.4"
}

instance "v6" { # want reserved-ip "2001:db8:1200:1:: is reserved in subnet app"
  subnet         = subnet.app
  private_ip     = "10.0.1.20"
  ipv6_addresses = ["2001:db8:1200:1::"]
}

nat_gateway "nat" { # want reserved-ip "nat gateway nat address 10.0.2.3 is reserved"
  subnet     = subnet.db
  private_ip = "10.0.2.3"
  connectivity = "private"
}

vpc "other" {
  cidr_block = "10.0.0.0/16"
}

subnet "other" {
  vpc        = vpc.other
  cidr_block = "10.0.1.0/24"
}

# silent: the same address in another VPC is no collision
instance "elsewhere" {
  subnet     = subnet.other
  private_ip = "10.0.1.4"
}
