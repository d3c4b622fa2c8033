# A server whose network ACL lets out only port 22: requests to port 443
# arrive, but their replies (from 443 to the client's ephemeral port) are
# denied on the way out, so no TCP handshake completes. Network ACLs are
# stateless and evaluate replies like any traffic:
# https://docs.aws.amazon.com/vpc/latest/userguide/nacl-ephemeral-ports.html

vpc "v" {
  cidr_block = "10.20.0.0/16"
}

subnet "client" {
  vpc        = vpc.v
  cidr_block = "10.20.1.0/24"
  az         = "eu-west-1a"
}

subnet "server" {
  vpc        = vpc.v
  cidr_block = "10.20.2.0/24"
  az         = "eu-west-1a"
}

network_acl "server" {
  vpc     = vpc.v
  subnets = [subnet.server]
  ingress {
    rule       = 100
    action     = "allow"
    protocol   = "tcp"
    ports      = "0-65535"
    cidr_block = "10.20.0.0/16"
  }
  egress {
    rule       = 100
    action     = "allow"
    protocol   = "tcp"
    ports      = 22
    cidr_block = "10.20.0.0/16"
  }
}

security_group "all" {
  vpc = vpc.v
  ingress {
    protocol    = "all"
    cidr_blocks = ["10.20.0.0/16"]
  }
  egress {
    protocol    = "all"
    cidr_blocks = ["10.20.0.0/16"]
  }
}

instance "client-1" {
  subnet          = subnet.client
  private_ip      = "10.20.1.10"
  security_groups = [security_group.all]
}

instance "server-1" {
  subnet          = subnet.server
  private_ip      = "10.20.2.10"
  security_groups = [security_group.all]
}
