# A data centre over VPN: the app subnet propagates its routes, the db
# subnet does not, so db answers nothing that comes from on-prem.
vpc "prod" {
  cidr_block = "10.0.0.0/16"
}

subnet "app" {
  vpc        = vpc.prod
  cidr_block = "10.0.1.0/24"
}

subnet "db" {
  vpc        = vpc.prod
  cidr_block = "10.0.2.0/24"
}

vpn_gateway "main" {
  vpc = vpc.prod
}

customer_gateway "dc" {
  ip_address = "198.51.100.1"
}

vpn_connection "dc" {
  customer_gateway = customer_gateway.dc
  vpn_gateway      = vpn_gateway.main
}

on_prem "dc" {
  cidr_blocks = ["172.20.0.0/16"]
  connections = [vpn_connection.dc]
}

# silent: app propagates the data centre's routes, its replies go back
route_table "app" {
  vpc                      = vpc.prod
  subnets                  = [subnet.app]
  propagating_vpn_gateways = [vpn_gateway.main]
}

route_table "db" { # want asymmetric-routing "172.20.0.0/16"
  vpc     = vpc.prod
  subnets = [subnet.db]
}

security_group "from-dc" {
  vpc = vpc.prod
  ingress {
    protocol    = "tcp"
    ports       = "1-65535"
    cidr_blocks = ["172.20.0.0/16"]
  }
}

instance "app-1" {
  subnet          = subnet.app
  private_ip      = "10.0.1.10"
  security_groups = [security_group.from-dc]
}

instance "db-1" {
  subnet          = subnet.db
  private_ip      = "10.0.2.10"
  security_groups = [security_group.from-dc]
}
