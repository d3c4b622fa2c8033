# peering-transit: the shared-services VPC (10.20.0.0/16), peered with both
# apps and data. It has routes to both, so it reaches both; that does not
# make it a transit between them.

vpc "shared" {
  cidr_block = "10.20.0.0/16"
  region     = "us-east-1"
  account    = "111122223333"
}

subnet "tools-a" {
  vpc        = vpc.shared
  cidr_block = "10.20.1.0/24"
  az         = "us-east-1a"
}

route_table "shared" {
  vpc     = vpc.shared
  subnets = [subnet.tools-a]

  route {
    destination = "10.10.0.0/16"
    target      = peering_connection.apps-shared
  }
  route {
    destination = "10.30.0.0/16"
    target      = peering_connection.shared-data
  }
}

security_group "tools" {
  vpc = vpc.shared

  ingress {
    protocol    = "tcp"
    ports       = 443
    cidr_blocks = ["10.10.0.0/16"]
    description = "internal tools for the apps VPC"
  }
  egress {
    protocol    = "tcp"
    ports       = 5432
    cidr_blocks = ["10.30.0.0/16"]
    description = "reporting queries to Postgres in data"
  }
}

instance "tools-1" {
  subnet          = subnet.tools-a
  private_ip      = "10.20.1.10"
  security_groups = [security_group.tools]
  platform        = "linux"
}
