vpc "prod" {
  cidr_block = "10.0.0.0/16"
}

internet_gateway "prod" {
  vpc = vpc.prod
}

subnet "public" {
  vpc        = vpc.prod
  cidr_block = "10.0.0.0/24"
}

subnet "strict" {
  vpc        = vpc.prod
  cidr_block = "10.0.1.0/24"
}

subnet "private" {
  vpc        = vpc.prod
  cidr_block = "10.0.2.0/24"
}

route_table "public" {
  vpc     = vpc.prod
  subnets = [subnet.public, subnet.strict]
  route {
    destination = "0.0.0.0/0"
    target      = internet_gateway.prod
  }
}

# want pmtud-blackhole "icmp type 3 code 4 (fragmentation needed) from 203.0.113.10 does not come back (NACL_INGRESS_DENY"
network_acl "strict" {
  vpc     = vpc.prod
  subnets = [subnet.strict]
  ingress {
    rule       = 100
    protocol    = "tcp"
    ports       = "1024-65535"
    cidr_block  = "0.0.0.0/0"
    action      = "allow"
  }
  egress {
    rule       = 100
    protocol    = "tcp"
    ports       = 443
    cidr_block  = "0.0.0.0/0"
    action      = "allow"
  }
}

# want pmtud-blackhole "from instance web-1 to the internet cannot work"
security_group "web" {
  vpc = vpc.prod
  egress {
    protocol    = "all"
    cidr_blocks = ["0.0.0.0/0"]
  }
}

# silent: a group that admits fragmentation needed
security_group "icmp-ok" {
  vpc = vpc.prod
  ingress {
    protocol    = "icmp"
    icmp_type   = 3
    icmp_code   = 4
    cidr_blocks = ["0.0.0.0/0"]
  }
  egress {
    protocol    = "all"
    cidr_blocks = ["0.0.0.0/0"]
  }
}

instance "web-1" {
  subnet          = subnet.public
  private_ip      = "10.0.0.10"
  public_ip       = "198.51.100.20"
  security_groups = [security_group.web]
}

instance "web-2" {
  subnet          = subnet.public
  private_ip      = "10.0.0.20"
  public_ip       = "198.51.100.21"
  security_groups = [security_group.icmp-ok]
}

instance "strict-1" {
  subnet          = subnet.strict
  private_ip      = "10.0.1.10"
  public_ip       = "198.51.100.22"
  security_groups = [security_group.icmp-ok]
}

# silent: no path to the internet, no mtu drop
instance "private-1" {
  subnet          = subnet.private
  private_ip      = "10.0.2.10"
  security_groups = [security_group.web]
}
