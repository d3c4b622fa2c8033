# An instance with a public IP in a subnet whose default route is a NAT
# gateway: requests arrive through the internet gateway, replies leave
# through the NAT gateway with the wrong source address.
vpc "prod" {
  cidr_block = "10.0.0.0/16"
}

subnet "public" {
  vpc        = vpc.prod
  cidr_block = "10.0.0.0/24"
}

subnet "private" {
  vpc        = vpc.prod
  cidr_block = "10.0.1.0/24"
}

internet_gateway "prod" {
  vpc = vpc.prod
}

nat_gateway "nat" {
  subnet     = subnet.public
  private_ip = "10.0.0.5"
  public_ip  = "203.0.113.5"
}

route_table "public" {
  vpc     = vpc.prod
  subnets = [subnet.public]
  route {
    destination = "0.0.0.0/0"
    target      = internet_gateway.prod
  }
}

route_table "private" {
  vpc     = vpc.prod
  subnets = [subnet.private]
  route { # want asymmetric-routing "nat gateway nat"
    destination = "0.0.0.0/0"
    target      = nat_gateway.nat
  }
}

security_group "web" {
  vpc = vpc.prod
  ingress {
    protocol    = "tcp"
    ports       = 443
    cidr_blocks = ["0.0.0.0/0"]
  }
}

# silent: a public host in the public subnet answers through the internet gateway
instance "web-1" {
  subnet          = subnet.public
  private_ip      = "10.0.0.10"
  public_ip       = "203.0.113.10"
  security_groups = [security_group.web]
}

instance "web-2" {
  subnet          = subnet.private
  private_ip      = "10.0.1.10"
  public_ip       = "203.0.113.11"
  security_groups = [security_group.web]
}
