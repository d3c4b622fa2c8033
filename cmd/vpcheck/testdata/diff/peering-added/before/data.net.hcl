# peering-transit: the data VPC (10.30.0.0/16), peered with shared only.

vpc "data" {
  cidr_block = "10.30.0.0/16"
  region     = "us-east-1"
  account    = "111122223333"
}

subnet "db-a" {
  vpc        = vpc.data
  cidr_block = "10.30.1.0/24"
  az         = "us-east-1a"
}

route_table "data" {
  vpc     = vpc.data
  subnets = [subnet.db-a]

  route {
    destination = "10.20.0.0/16"
    target      = peering_connection.shared-data
  }
  # The mirror of the wrong route in apps: replies to apps would take it, if
  # any request ever arrived.
  route {
    destination = "10.10.0.0/16"
    target      = peering_connection.shared-data
  }
}

# The security group admits both VPCs; routing, not filtering, is what
# keeps apps out.
security_group "db" {
  vpc = vpc.data

  ingress {
    protocol    = "tcp"
    ports       = 5432
    cidr_blocks = ["10.10.0.0/16", "10.20.0.0/16"]
    description = "Postgres from apps and shared"
  }
}

instance "db-1" {
  subnet          = subnet.db-a
  private_ip      = "10.30.1.10"
  security_groups = [security_group.db]
  platform        = "linux"
}
