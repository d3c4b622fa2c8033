vpc "prod" {
  cidr_block = "10.0.0.0/16"
}

subnet "dmz" {
  vpc        = vpc.prod
  cidr_block = "10.0.0.0/24"
}

subnet "app" {
  vpc        = vpc.prod
  cidr_block = "10.0.1.0/24"
}

instance "nat-instance" {
  subnet     = subnet.dmz
  private_ip = "10.0.0.10"
}

network_interface "fw" {
  subnet      = subnet.dmz
  private_ips = ["10.0.0.20"]
}

instance "router" {
  subnet            = subnet.dmz
  private_ip        = "10.0.0.30"
  source_dest_check = false
}

network_interface "fw-ok" {
  subnet            = subnet.dmz
  private_ips       = ["10.0.0.40"]
  source_dest_check = false
}

route_table "app" {
  vpc     = vpc.prod
  subnets = [subnet.app]

  route { # want source-dest-check "route 0.0.0.0/0 in route table app targets instance nat-instance, whose source/destination check is enabled"
    destination = "0.0.0.0/0"
    target      = instance.nat-instance
  }
  route { # want source-dest-check "targets network interface fw"
    destination = "192.168.0.0/16"
    target      = network_interface.fw
  }
  # silent: an appliance instance with the check off
  route {
    destination = "172.16.0.0/12"
    target      = instance.router
  }
  # silent: an appliance interface with the check off
  route {
    destination = "100.64.0.0/10"
    target      = network_interface.fw-ok
  }
}
