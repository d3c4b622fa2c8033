# tgw-hub: the shared-services VPC (10.3.0.0/16): an artifact repository
# both prod and dev pull from.

vpc "shared" {
  cidr_block = "10.3.0.0/16"
  region     = "us-east-1"
  account    = "111122223333"
}

subnet "shared-tgw-a" {
  vpc        = vpc.shared
  cidr_block = "10.3.0.0/28"
  az         = "us-east-1a"
}

subnet "shared-tgw-b" {
  vpc        = vpc.shared
  cidr_block = "10.3.0.16/28"
  az         = "us-east-1b"
}

subnet "shared-svc-a" {
  vpc        = vpc.shared
  cidr_block = "10.3.10.0/24"
  az         = "us-east-1a"
}

subnet "shared-svc-b" {
  vpc        = vpc.shared
  cidr_block = "10.3.11.0/24"
  az         = "us-east-1b"
}

route_table "shared-svc" {
  vpc     = vpc.shared
  subnets = [subnet.shared-svc-a, subnet.shared-svc-b]

  route {
    destination = "0.0.0.0/0"
    target      = transit_gateway.hub
  }
}

security_group "artifacts" {
  vpc = vpc.shared

  ingress {
    protocol    = "tcp"
    ports       = 443
    cidr_blocks = ["10.0.0.0/8", "172.16.0.0/12"]
    description = "HTTPS from every spoke and the data centre"
  }
  egress {
    protocol    = "tcp"
    ports       = 443
    cidr_blocks = ["0.0.0.0/0"]
    description = "upstream package registries"
  }
}

instance "artifacts-1" {
  subnet          = subnet.shared-svc-a
  private_ip      = "10.3.10.10"
  security_groups = [security_group.artifacts]
  platform        = "linux"
}
