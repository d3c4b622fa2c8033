# Security groups open to the world, on hosts the internet does and does
# not reach.
vpc "prod" {
  cidr_block = "10.0.0.0/16"
}

subnet "public" {
  vpc        = vpc.prod
  cidr_block = "10.0.1.0/24"
  az         = "us-east-1a"
}

subnet "private" {
  vpc        = vpc.prod
  cidr_block = "10.0.2.0/24"
  az         = "us-east-1a"
}

internet_gateway "prod" {
  vpc = vpc.prod
}

route_table "public" {
  vpc     = vpc.prod
  subnets = [subnet.public]
  route {
    destination = "0.0.0.0/0"
    target      = internet_gateway.prod
  }
}

security_group "ssh" {
  vpc = vpc.prod
  ingress { # want sg-world-exposed "bastion"
    protocol    = "tcp"
    ports       = 22
    cidr_blocks = ["0.0.0.0/0"]
  }
}

security_group "wide-open" {
  vpc = vpc.prod
  ingress { # want sg-world-exposed "every protocol"
    protocol    = "all"
    cidr_blocks = ["0.0.0.0/0"]
  }
}

security_group "web" {
  vpc = vpc.prod
  # silent: https open to the world is how a public service is reached
  ingress {
    protocol    = "tcp"
    ports       = 443
    cidr_blocks = ["0.0.0.0/0"]
  }
}

security_group "db" {
  vpc = vpc.prod
  # silent: open to the world, but its host has no public IP
  ingress {
    protocol    = "tcp"
    ports       = 5432
    cidr_blocks = ["0.0.0.0/0"]
  }
}

instance "bastion" {
  subnet          = subnet.public
  private_ip      = "10.0.1.10"
  public_ip       = "203.0.113.10"
  security_groups = [security_group.ssh]
}

instance "scratch" {
  subnet          = subnet.public
  private_ip      = "10.0.1.11"
  public_ip       = "auto"
  security_groups = [security_group.wide-open]
}

instance "web" {
  subnet          = subnet.public
  private_ip      = "10.0.1.12"
  public_ip       = "203.0.113.12"
  security_groups = [security_group.web]
}

instance "db" {
  subnet          = subnet.private
  private_ip      = "10.0.2.10"
  security_groups = [security_group.db]
}
