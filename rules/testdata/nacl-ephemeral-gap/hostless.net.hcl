# A subnet without a host in a network that has hosts is checked as if an
# instance ran there (a hypothetical host, a client of any OS: replies come
# back to ports 1024-65535,
# https://docs.aws.amazon.com/vpc/latest/userguide/nacl-ephemeral-ports.html).
#   web    web-1, default network ACL: nothing to report
#   spare  no host; its ACL admits tcp replies to 32768-65535 only

vpc "hl" {
  cidr_block = "10.15.0.0/16"
}

subnet "web" {
  vpc                 = vpc.hl
  cidr_block          = "10.15.1.0/24"
  az                  = "eu-west-1a"
  public_ip_on_launch = true
}

subnet "spare" {
  vpc                 = vpc.hl
  cidr_block          = "10.15.2.0/24"
  az                  = "eu-west-1a"
  public_ip_on_launch = true
}

internet_gateway "hl" {
  vpc = vpc.hl
}

route_table "pub" {
  vpc     = vpc.hl
  subnets = [subnet.web, subnet.spare]
  route {
    destination = "0.0.0.0/0"
    target      = internet_gateway.hl
  }
}

network_acl "spare" {
  vpc     = vpc.hl
  subnets = [subnet.spare]
  ingress { # want nacl-ephemeral-gap "to client ports tcp 1024-32767 and udp 1024-65535 (hypothetical instance clients)"
    rule       = 100
    action     = "allow"
    protocol   = "tcp"
    ports      = "32768-65535"
    cidr_block = "0.0.0.0/0"
  }
  egress {
    rule       = 100
    action     = "allow"
    protocol   = "all"
    cidr_block = "0.0.0.0/0"
  }
}

security_group "web" {
  vpc = vpc.hl
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

instance "web-1" {
  subnet          = subnet.web
  private_ip      = "10.15.1.10"
  public_ip       = "auto"
  security_groups = [security_group.web]
}
