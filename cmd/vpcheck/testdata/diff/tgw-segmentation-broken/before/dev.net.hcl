# tgw-hub: the dev VPC (10.2.0.0/16), laid out like prod.

vpc "dev" {
  cidr_block = "10.2.0.0/16"
  region     = "us-east-1"
  account    = "444455556666"
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

subnet "dev-app-a" {
  vpc        = vpc.dev
  cidr_block = "10.2.10.0/24"
  az         = "us-east-1a"
}

subnet "dev-app-b" {
  vpc        = vpc.dev
  cidr_block = "10.2.11.0/24"
  az         = "us-east-1b"
}

route_table "dev-app" {
  vpc     = vpc.dev
  subnets = [subnet.dev-app-a, subnet.dev-app-b]

  route {
    destination = "0.0.0.0/0"
    target      = transit_gateway.hub
  }
}

security_group "dev-app" {
  vpc = vpc.dev

  ingress {
    protocol    = "tcp"
    ports       = 443
    cidr_blocks = ["10.0.0.0/8"]
    description = "HTTPS from the AWS estate"
  }
  ingress {
    protocol    = "tcp"
    ports       = 22
    cidr_blocks = ["172.16.0.0/12"]
    description = "SSH from the data centre"
  }
  egress {
    protocol    = "tcp"
    ports       = 443
    cidr_blocks = ["0.0.0.0/0"]
    description = "HTTPS anywhere (prod is cut off by the transit gateway)"
  }
}

instance "dev-1" {
  subnet          = subnet.dev-app-a
  private_ip      = "10.2.10.10"
  security_groups = [security_group.dev-app]
  platform        = "linux"
}
