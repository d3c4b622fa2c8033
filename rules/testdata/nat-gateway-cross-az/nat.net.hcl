vpc "prod" {
  cidr_block = "10.0.0.0/16"
}

subnet "public-a" {
  vpc        = vpc.prod
  cidr_block = "10.0.0.0/24"
  az         = "us-east-1a"
}

subnet "public-b" {
  vpc        = vpc.prod
  cidr_block = "10.0.1.0/24"
  az         = "us-east-1b"
}

subnet "app-a" {
  vpc        = vpc.prod
  cidr_block = "10.0.10.0/24"
  az         = "us-east-1a"
}

subnet "app-b" {
  vpc        = vpc.prod
  cidr_block = "10.0.11.0/24"
  az         = "us-east-1b"
}

subnet "app-c" {
  vpc        = vpc.prod
  cidr_block = "10.0.12.0/24"
  az         = "us-east-1c"
}

nat_gateway "a" {
  subnet       = subnet.public-a
  connectivity = "private"
}

nat_gateway "b" {
  subnet       = subnet.public-b
  connectivity = "private"
}

# silent: each zone to its own NAT gateway
route_table "app-a" {
  vpc     = vpc.prod
  subnets = [subnet.app-a]
  route {
    destination = "0.0.0.0/0"
    target      = nat_gateway.a
  }
}

route_table "shared" {
  vpc     = vpc.prod
  subnets = [subnet.app-b, subnet.app-c]
  route { # want nat-gateway-cross-az "route table shared sends subnet app-c (us-east-1c) to nat gateway b in us-east-1b"
    destination = "0.0.0.0/0"
    target      = nat_gateway.b
  }
}

vpc "dev" {
  cidr_block = "10.1.0.0/16"
}

subnet "dev-a" {
  vpc        = vpc.dev
  cidr_block = "10.1.0.0/24"
  az         = "us-east-1a"
}

subnet "dev-b" {
  vpc        = vpc.dev
  cidr_block = "10.1.1.0/24"
  az         = "us-east-1b"
}

# silent: a subnet with no zone given cannot be judged
subnet "dev-x" {
  vpc        = vpc.dev
  cidr_block = "10.1.2.0/24"
}

nat_gateway "dev" {
  subnet       = subnet.dev-a
  connectivity = "private"
}

route_table "dev" {
  vpc     = vpc.dev
  main    = true
  route { # want nat-gateway-cross-az "subnet dev-b (us-east-1b) to nat gateway dev in us-east-1a"
    destination = "0.0.0.0/0"
    target      = nat_gateway.dev
  }
}
