# peering-transit: the apps VPC (10.10.0.0/16), peered with shared only.

vpc "apps" {
  cidr_block = "10.10.0.0/16"
  region     = "us-east-1"
  account    = "111122223333"
}

subnet "app-a" {
  vpc        = vpc.apps
  cidr_block = "10.10.1.0/24"
  az         = "us-east-1a"
}

route_table "apps" {
  vpc     = vpc.apps
  subnets = [subnet.app-a]

  route {
    destination = "10.20.0.0/16"
    target      = peering_connection.apps-shared
  }
  # The wrong assumption: "shared is peered with data, so data is reachable
  # through shared". AWS drops this traffic at the peering.
  route {
    destination = "10.30.0.0/16"
    target      = peering_connection.apps-data
  }
}

security_group "app" {
  vpc = vpc.apps

  egress {
    protocol    = "tcp"
    ports       = 443
    cidr_blocks = ["10.20.0.0/16"]
    description = "internal tools in shared"
  }
  egress {
    protocol    = "tcp"
    ports       = 5432
    cidr_blocks = ["10.30.0.0/16"]
    description = "Postgres in data (never arrives: no peering with data)"
  }
}

instance "app-1" {
  subnet          = subnet.app-a
  private_ip      = "10.10.1.10"
  security_groups = [security_group.app]
  platform        = "linux"
}
