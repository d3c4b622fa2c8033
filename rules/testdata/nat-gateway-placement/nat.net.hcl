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

subnet "private" {
  vpc        = vpc.prod
  cidr_block = "10.0.1.0/24"
}

route_table "public" {
  vpc     = vpc.prod
  subnets = [subnet.public]
  route {
    destination = "0.0.0.0/0"
    target      = internet_gateway.prod
  }
}

elastic_ip "good" {}
elastic_ip "misplaced" {}

# silent: in the public subnet, with an Elastic IP
nat_gateway "good" {
  subnet     = subnet.public
  elastic_ip = elastic_ip.good
}

nat_gateway "misplaced" { # want nat-gateway-placement "public nat gateway misplaced is in subnet private, whose route table prod/main has no route to internet gateway prod"
  subnet     = subnet.private
  elastic_ip = elastic_ip.misplaced
}

nat_gateway "no-eip" { # want nat-gateway-placement "public nat gateway no-eip has no elastic ip"
  subnet = subnet.public
}

# silent: a private NAT gateway needs neither
nat_gateway "private" {
  subnet       = subnet.private
  connectivity = "private"
}

vpc "closed" {
  cidr_block = "10.1.0.0/16"
}

subnet "closed" {
  vpc        = vpc.closed
  cidr_block = "10.1.0.0/24"
}

nat_gateway "closed" { # want nat-gateway-placement "vpc closed, which has no internet gateway"
  subnet    = subnet.closed
  public_ip = "203.0.113.9"
}
