# A dual-stack VPC whose private subnet sends both 0.0.0.0/0 and ::/0 to a
# public NAT gateway. A NAT gateway translates TCP, UDP and ICMP only, does
# not carry IPv6, and admits only replies to connections started behind it:
# https://docs.aws.amazon.com/vpc/latest/userguide/nat-gateway-basics.html

vpc "natv" {
  cidr_block      = "10.5.0.0/16"
  ipv6_cidr_block = "2001:db8:5500::/56"
}

subnet "nat-public" {
  vpc        = vpc.natv
  cidr_block = "10.5.0.0/24"
  az         = "eu-west-1a"
}

subnet "nat-private" {
  vpc             = vpc.natv
  cidr_block      = "10.5.1.0/24"
  ipv6_cidr_block = "2001:db8:5500:1::/64"
  az              = "eu-west-1a"
}

internet_gateway "natv" {
  vpc = vpc.natv
}

elastic_ip "nat" {
  public_ip = "203.0.113.31"
}

nat_gateway "nat" {
  subnet     = subnet.nat-public
  elastic_ip = elastic_ip.nat
  private_ip = "10.5.0.5"
}

route_table "nat-public" {
  vpc     = vpc.natv
  subnets = [subnet.nat-public]
  route {
    destination = "0.0.0.0/0"
    target      = internet_gateway.natv
  }
}

route_table "nat-private" {
  vpc     = vpc.natv
  subnets = [subnet.nat-private]
  route {
    destination = "0.0.0.0/0"
    target      = nat_gateway.nat
  }
  route {
    destination = "::/0"
    target      = nat_gateway.nat
  }
}

security_group "worker" {
  vpc = vpc.natv
  egress {
    protocol    = "all"
    cidr_blocks = ["0.0.0.0/0", "::/0"]
  }
}

instance "worker" {
  subnet          = subnet.nat-private
  private_ip      = "10.5.1.10"
  ipv6_addresses  = ["2001:db8:5500:1::10"]
  security_groups = [security_group.worker]
}
