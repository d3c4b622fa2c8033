# Main versus explicit route table association, and an instance with a
# public IP whose subnet has no route to the internet gateway.
#
# A subnet with no explicit association uses the VPC's main route table:
# https://docs.aws.amazon.com/vpc/latest/userguide/RouteTables.html#subnet-route-tables

vpc "assoc" {
  cidr_block = "10.1.0.0/16"
}

subnet "implicit" {
  vpc        = vpc.assoc
  cidr_block = "10.1.1.0/24"
  az         = "eu-west-1a"
}

subnet "isolated" {
  vpc        = vpc.assoc
  cidr_block = "10.1.2.0/24"
  az         = "eu-west-1a"
}

internet_gateway "assoc" {
  vpc = vpc.assoc
}

route_table "assoc-main" {
  vpc  = vpc.assoc
  main = true
  route {
    destination = "0.0.0.0/0"
    target      = internet_gateway.assoc
  }
}

route_table "isolated" {
  vpc     = vpc.assoc
  subnets = [subnet.isolated]
}

security_group "open" {
  vpc = vpc.assoc
  ingress {
    protocol    = "tcp"
    ports       = 443
    cidr_blocks = ["0.0.0.0/0"]
  }
  egress {
    protocol    = "all"
    cidr_blocks = ["0.0.0.0/0"]
  }
}

instance "implicit-1" {
  subnet          = subnet.implicit
  private_ip      = "10.1.1.10"
  public_ip       = "198.51.100.11"
  security_groups = [security_group.open]
}

instance "isolated-1" {
  subnet          = subnet.isolated
  private_ip      = "10.1.2.10"
  public_ip       = "198.51.100.12"
  security_groups = [security_group.open]
}
