vpc "prod" {
  cidr_block = "10.1.0.0/16"
}

subnet "tgw-a" {
  vpc        = vpc.prod
  cidr_block = "10.1.0.0/28"
  az         = "us-east-1a"
}

subnet "app-a" {
  vpc        = vpc.prod
  cidr_block = "10.1.10.0/24"
  az         = "us-east-1a"
}

subnet "app-b" {
  vpc        = vpc.prod
  cidr_block = "10.1.11.0/24"
  az         = "us-east-1b"
}

subnet "app-c" {
  vpc        = vpc.prod
  cidr_block = "10.1.12.0/24"
  az         = "us-east-1c"
}

transit_gateway "hub" {}

transit_gateway_attachment "prod" { # want tgw-attachment-az "transit gateway attachment prod of vpc prod has subnets only in us-east-1a, but route 0.0.0.0/0 → transit gateway hub in route table app-bc is used by subnet app-b (us-east-1b), app-c (us-east-1c)"
  transit_gateway = transit_gateway.hub
  vpc             = vpc.prod
  subnets         = [subnet.tgw-a]
}

# silent: app-a is in the attachment's zone
route_table "app-a" {
  vpc     = vpc.prod
  subnets = [subnet.app-a]
  route {
    destination = "0.0.0.0/0"
    target      = transit_gateway.hub
  }
}

route_table "app-bc" {
  vpc     = vpc.prod
  subnets = [subnet.app-b, subnet.app-c]
  route {
    destination = "0.0.0.0/0"
    target      = transit_gateway.hub
  }
}

vpc "dev" {
  cidr_block = "10.2.0.0/16"
}

subnet "dev-tgw-a" {
  vpc        = vpc.dev
  cidr_block = "10.2.0.0/28"
  az         = "us-east-1a"
}

subnet "dev-tgw-b" {
  vpc        = vpc.dev
  cidr_block = "10.2.0.16/28"
  az         = "us-east-1b"
}

subnet "dev-c" {
  vpc        = vpc.dev
  cidr_block = "10.2.12.0/24"
  az         = "us-east-1c"
}

transit_gateway_attachment "dev" { # want tgw-attachment-az "is used by subnet dev-c (us-east-1c)"
  transit_gateway = transit_gateway.hub
  vpc             = vpc.dev
  subnets         = [subnet.dev-tgw-a, subnet.dev-tgw-b]
}

# silent: the main table of dev serves the attachment's own subnets (a and b)
route_table "dev-main" {
  vpc  = vpc.dev
  main = true
  route {
    destination = "10.0.0.0/8"
    target      = transit_gateway.hub
  }
}

route_table "dev-c" {
  vpc     = vpc.dev
  subnets = [subnet.dev-c]
  route {
    destination = "10.0.0.0/8"
    target      = transit_gateway.hub
  }
}
