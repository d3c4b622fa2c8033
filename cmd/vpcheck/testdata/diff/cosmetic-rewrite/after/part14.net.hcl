network_acl "public" {
  vpc     = vpc.prod
  subnets = [subnet.public-a, subnet.public-b]

  # HTTPS to the web servers from the internet, and from the private
  # subnets to the NAT gateways (which forward it to the internet).
  ingress {
    rule       = 100
    action     = "allow"
    protocol   = "tcp"
    ports      = 443
    cidr_block = "0.0.0.0/0"
  }
  # Replies: to the web servers' own requests (updates, calls to the app
  # tier) and to the NAT gateways' translated connections (source ports
  # 1024-65535).
  ingress {
    rule       = 110
    action     = "allow"
    protocol   = "tcp"
    ports      = "1024-65535"
    cidr_block = "0.0.0.0/0"
  }

  # HTTPS out, from the web servers and from the NAT gateways.
  egress {
    rule       = 100
    action     = "allow"
    protocol   = "tcp"
    ports      = 443
    cidr_block = "0.0.0.0/0"
  }
  # Web tier to app tier.
  egress {
    rule       = 110
    action     = "allow"
    protocol   = "tcp"
    ports      = 8080
    cidr_block = "10.0.0.0/16"
  }
  # Replies to internet clients, and the NAT gateways' replies back to the
  # private instances.
  egress {
    rule       = 120
    action     = "allow"
    protocol   = "tcp"
    ports      = "1024-65535"
    cidr_block = "0.0.0.0/0"
  }
}
