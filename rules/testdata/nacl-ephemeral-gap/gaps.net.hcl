# A server subnet whose network ACL lets replies out only to the Linux
# range, and a client subnet that lets replies in only to the Windows range.
vpc "prod" {
  cidr_block = "10.0.0.0/16"
}

subnet "lb" {
  vpc        = vpc.prod
  cidr_block = "10.0.0.0/24"
}

subnet "app" {
  vpc        = vpc.prod
  cidr_block = "10.0.1.0/24"
}

subnet "tools" {
  vpc        = vpc.prod
  cidr_block = "10.0.2.0/24"
}

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
  egress { # want nacl-ephemeral-gap "1024-32767"
    rule       = 100
    action     = "allow"
    protocol   = "tcp"
    ports      = "32768-60999"
    cidr_block = "10.0.0.0/24"
  }
  ingress {
    rule       = 110
    action     = "allow"
    protocol   = "tcp"
    ports      = 443
    cidr_block = "10.0.2.0/24"
  }
  egress {
    rule       = 110
    action     = "allow"
    protocol   = "tcp"
    ports      = "1024-65535"
    cidr_block = "10.0.2.0/24"
  }
}

network_acl "tools" {
  vpc     = vpc.prod
  subnets = [subnet.tools]
  egress {
    rule       = 100
    action     = "allow"
    protocol   = "tcp"
    ports      = 443
    cidr_block = "10.0.1.0/24"
  }
  ingress { # want nacl-ephemeral-gap "32768-49151 (Linux clients)"
    rule       = 100
    action     = "allow"
    protocol   = "tcp"
    ports      = "49152-65535"
    cidr_block = "10.0.1.0/24"
  }
}

security_group "app" {
  vpc = vpc.prod
  ingress {
    protocol    = "tcp"
    ports       = 8080
    cidr_blocks = ["10.0.0.0/24"]
  }
  ingress {
    protocol    = "tcp"
    ports       = 443
    cidr_blocks = ["10.0.2.0/24"]
  }
}

security_group "tools" {
  vpc = vpc.prod
  egress {
    protocol    = "tcp"
    ports       = 443
    cidr_blocks = ["10.0.1.0/24"]
  }
}

instance "app-1" {
  subnet          = subnet.app
  private_ip      = "10.0.1.10"
  security_groups = [security_group.app]
}

instance "tools-1" {
  subnet          = subnet.tools
  private_ip      = "10.0.2.10"
  security_groups = [security_group.tools]
  platform        = "linux"
}
