network_acl "private" {
  vpc     = vpc.prod
  subnets = [subnet.app-a, subnet.app-b]

  # App traffic from inside the VPC (the security group narrows it to the
  # web tier).
  ingress {
    rule       = 100
    action     = "allow"
    protocol   = "tcp"
    ports      = 8080
    cidr_block = "10.0.0.0/16"
  }
  # Replies from the internet, delivered by the NAT gateways.
  ingress {
    rule       = 110
    action     = "allow"
    protocol   = "tcp"
    ports      = "1024-65535"
    cidr_block = "0.0.0.0/0"
  }

  egress {
    rule       = 100
    action     = "allow"
    protocol   = "tcp"
    ports      = 443
    cidr_block = "0.0.0.0/0"
  }
  # Replies to the web servers' ephemeral ports.
  egress {
    rule       = 110
    action     = "allow"
    protocol   = "tcp"
    ports      = "1024-65535"
    cidr_block = "10.0.0.0/16"
  }
}
