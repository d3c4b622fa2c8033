# Network ACLs written right: replies allowed to 1024-65535 both ways.
vpc "prod" {
  cidr_block = "10.0.0.0/16"
}

subnet "web" {
  vpc        = vpc.prod
  cidr_block = "10.0.0.0/24"
}

subnet "app" {
  vpc        = vpc.prod
  cidr_block = "10.0.1.0/24"
}

# silent: inbound 8080 with replies allowed out to 1024-65535
network_acl "app" {
  vpc     = vpc.prod
  subnets = [subnet.app]
  ingress {
    rule       = 100
    action     = "allow"
    protocol   = "tcp"
    ports      = 8080
    cidr_block = "10.0.0.0/24"
  }
  egress {
    rule       = 100
    action     = "allow"
    protocol   = "tcp"
    ports      = "1024-65535"
    cidr_block = "10.0.0.0/24"
  }
}

# silent: the default network ACL allows everything both ways
security_group "app" {
  vpc = vpc.prod
  ingress {
    protocol    = "tcp"
    ports       = 8080
    cidr_blocks = ["10.0.0.0/24"]
  }
}

instance "web-1" {
  subnet     = subnet.web
  private_ip = "10.0.0.10"
}

instance "app-1" {
  subnet          = subnet.app
  private_ip      = "10.0.1.10"
  security_groups = [security_group.app]
}
