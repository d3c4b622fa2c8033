# tgw-hub: the egress VPC (10.4.0.0/16): one NAT gateway per AZ behind the
# transit gateway, the only way out to the internet for every spoke.
#
# Traffic from a spoke arrives on the attachment's interface in the
# attachment subnet of the same AZ, whose route table sends it to that AZ's
# NAT gateway; the NAT gateway's subnet sends it on to the internet gateway
# and sends everything for 10.0.0.0/8 (the translated replies' way back,
# and the return leg) to the transit gateway.
#   https://docs.aws.amazon.com/whitepapers/latest/building-scalable-secure-multi-vpc-network-infrastructure/centralized-egress-to-internet.html

vpc "egress" {
  cidr_block = "10.4.0.0/16"
  region     = "us-east-1"
  account    = "111122223333"
}

subnet "egress-tgw-a" {
  vpc        = vpc.egress
  cidr_block = "10.4.0.0/28"
  az         = "us-east-1a"
}

subnet "egress-tgw-b" {
  vpc        = vpc.egress
  cidr_block = "10.4.0.16/28"
  az         = "us-east-1b"
}

subnet "egress-public-a" {
  vpc        = vpc.egress
  cidr_block = "10.4.1.0/24"
  az         = "us-east-1a"
}

subnet "egress-public-b" {
  vpc        = vpc.egress
  cidr_block = "10.4.2.0/24"
  az         = "us-east-1b"
}

internet_gateway "egress" {
  vpc = vpc.egress
}

elastic_ip "egress-nat-a" {
  public_ip = "203.0.113.41"
}

elastic_ip "egress-nat-b" {
  public_ip = "203.0.113.42"
}

nat_gateway "egress-a" {
  subnet     = subnet.egress-public-a
  elastic_ip = elastic_ip.egress-nat-a
  private_ip = "10.4.1.5"
}

nat_gateway "egress-b" {
  subnet     = subnet.egress-public-b
  elastic_ip = elastic_ip.egress-nat-b
  private_ip = "10.4.2.5"
}

route_table "egress-tgw-a" {
  vpc     = vpc.egress
  subnets = [subnet.egress-tgw-a]

  route {
    destination = "0.0.0.0/0"
    target      = nat_gateway.egress-a
  }
}

route_table "egress-tgw-b" {
  vpc     = vpc.egress
  subnets = [subnet.egress-tgw-b]

  route {
    destination = "0.0.0.0/0"
    target      = nat_gateway.egress-b
  }
}

route_table "egress-public" {
  vpc     = vpc.egress
  subnets = [subnet.egress-public-a, subnet.egress-public-b]

  route {
    destination = "0.0.0.0/0"
    target      = internet_gateway.egress
  }
  route {
    destination = "10.0.0.0/8"
    target      = transit_gateway.hub
  }
}
