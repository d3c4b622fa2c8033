# A world-open SSH rule on a public host whose subnet's network ACL does
# not let SSH in: the port is not exposed.
vpc "prod" {
  cidr_block = "10.0.0.0/16"
}

subnet "public" {
  vpc        = vpc.prod
  cidr_block = "10.0.1.0/24"
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

network_acl "public" {
  vpc     = vpc.prod
  subnets = [subnet.public]
  ingress {
    rule       = 100
    action     = "allow"
    protocol   = "tcp"
    ports      = 443
    cidr_block = "0.0.0.0/0"
  }
  egress {
    rule       = 100
    action     = "allow"
    protocol   = "tcp"
    ports      = "1024-65535"
    cidr_block = "0.0.0.0/0"
  }
}

security_group "ssh-and-web" {
  vpc = vpc.prod
  # silent: the network ACL drops SSH from the internet
  ingress {
    protocol    = "tcp"
    ports       = 22
    cidr_blocks = ["0.0.0.0/0"]
  }
  ingress {
    protocol    = "tcp"
    ports       = 443
    cidr_blocks = ["0.0.0.0/0"]
  }
}

instance "web" {
  subnet          = subnet.public
  private_ip      = "10.0.1.10"
  public_ip       = "203.0.113.10"
  security_groups = [security_group.ssh-and-web]
}
