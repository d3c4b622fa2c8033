vpc "prod" {
  cidr_block      = "10.0.0.0/16"
  ipv6_cidr_block = "2001:db8:1200::/56"
}

network_acl "app" {
  vpc = vpc.prod

  ingress {
    rule       = 100
    action     = "deny"
    protocol   = "all"
    cidr_block = "0.0.0.0/0"
  }
  ingress { # want nacl-rule-shadowed "network acl app ingress rule 200 (allow tcp 443 from 10.0.0.0/16) never matches: rule 100 (deny all traffic from 0.0.0.0/0) matches all of its traffic first"
    rule       = 200
    action     = "allow"
    protocol   = "tcp"
    ports      = 443
    cidr_block = "10.0.0.0/16"
  }
  # silent: an IPv6 rule is not covered by IPv4 rules
  ingress {
    rule       = 300
    action     = "allow"
    protocol   = "tcp"
    ports      = 443
    cidr_block = "::/0"
  }
}

network_acl "web" {
  vpc = vpc.prod

  egress {
    rule       = 100
    action     = "allow"
    protocol   = "tcp"
    ports      = "1024-40000"
    cidr_block = "0.0.0.0/1"
  }
  egress {
    rule       = 110
    action     = "allow"
    protocol   = "tcp"
    ports      = "30000-65535"
    cidr_block = "0.0.0.0/0"
  }
  egress { # want nacl-rule-shadowed "network acl web egress rule 120 (allow tcp 1024-65535 to 10.80.0.0/23) is redundant: rule 100 (allow tcp 1024-40000 to 0.0.0.0/1) and rule 110 (allow tcp 30000-65535 to 0.0.0.0/0) already allow all of its traffic"
    rule       = 120
    action     = "allow"
    protocol   = "tcp"
    ports      = "1024-65535"
    cidr_block = "10.80.0.0/23"
  }
  # silent: ports below 1024 are not covered by 100 and 110 together
  egress {
    rule       = 130
    action     = "deny"
    protocol   = "tcp"
    ports      = "1-65535"
    cidr_block = "10.80.0.0/23"
  }
  # silent: UDP is not covered by TCP rules
  egress {
    rule       = 140
    action     = "allow"
    protocol   = "udp"
    ports      = 53
    cidr_block = "10.0.0.2/32"
  }
}

network_acl "icmp" {
  vpc = vpc.prod

  egress { # want nacl-rule-shadowed "rule 150 (deny icmp type 8 to 10.0.0.0/8) never matches: rule 90 (allow all traffic to 10.0.0.0/8) matches"
    rule       = 150
    action     = "deny"
    protocol   = "icmp"
    icmp_type  = 8
    cidr_block = "10.0.0.0/8"
  }
  egress {
    rule       = 90
    action     = "allow"
    protocol   = "all"
    cidr_block = "10.0.0.0/8"
  }
}
