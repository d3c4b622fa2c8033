vpc "prod" {
  cidr_block = "10.0.0.0/16"
}

vpc "isolated" {
  cidr_block = "10.9.0.0/16"
}

internet_gateway "prod" {
  vpc = vpc.prod
}

subnet "public-a" {
  vpc        = vpc.prod
  cidr_block = "10.0.0.0/24"
  az         = "eu-west-1a"
}

subnet "private-b" {
  vpc        = vpc.prod
  cidr_block = "10.0.11.0/24"
  az         = "eu-west-1b"
}

subnet "island" {
  vpc        = vpc.isolated
  cidr_block = "10.9.0.0/24"
  az         = "eu-west-1a"
}

route_table "public" {
  vpc     = vpc.prod
  subnets = [subnet.public-a]
  route {
    destination = "0.0.0.0/0"
    target      = internet_gateway.prod
  }
}

load_balancer "web" {
  # silent: public-a routes to the internet gateway
  subnets = [subnet.public-a,
    # want lb-internet-facing-private-subnets "node in subnet private-b, which is not public"
  subnet.private-b]
}

# silent: an internal load balancer in a private subnet
load_balancer "internal" {
  internal = true
  subnets  = [subnet.private-b]
}

load_balancer "island" {
  type = "network"
  # want lb-internet-facing-private-subnets "vpc isolated has no internet gateway"
  subnets = [subnet.island]
}
