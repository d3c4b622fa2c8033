# An IPv6 subnet whose only way to the internet is an egress-only internet
# gateway (the VPC has no internet gateway): connections out work, the
# internet cannot start one in:
# https://docs.aws.amazon.com/vpc/latest/userguide/egress-only-internet-gateway.html

vpc "ev" {
  cidr_block      = "10.12.0.0/16"
  ipv6_cidr_block = "2001:db8:1200::/56"
}

subnet "ev-a" {
  vpc             = vpc.ev
  cidr_block      = "10.12.1.0/24"
  ipv6_cidr_block = "2001:db8:1200:1::/64"
  az              = "eu-west-1a"
}

egress_only_internet_gateway "ev" {
  vpc = vpc.ev
}

route_table "ev-a" {
  vpc     = vpc.ev
  subnets = [subnet.ev-a]
  route {
    destination = "::/0"
    target      = egress_only_internet_gateway.ev
  }
  route {
    destination = "0.0.0.0/0"
    target      = egress_only_internet_gateway.ev
  }
}

security_group "ev" {
  vpc = vpc.ev
  ingress {
    protocol    = "tcp"
    ports       = 22
    cidr_blocks = ["::/0"]
  }
  egress {
    protocol    = "all"
    cidr_blocks = ["0.0.0.0/0", "::/0"]
  }
}

instance "v6-1" {
  subnet          = subnet.ev-a
  private_ip      = "10.12.1.10"
  ipv6_addresses  = ["2001:db8:1200:1::10"]
  security_groups = [security_group.ev]
}
