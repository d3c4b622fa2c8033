# tgw-hub: the prod VPC (10.1.0.0/16). Workloads in app subnets, the transit
# gateway attachment in its own small subnets (AWS recommends a dedicated
# /28 per AZ so attachment traffic is not caught by the workloads' NACLs):
#   https://docs.aws.amazon.com/vpc/latest/tgw/tgw-best-design-practices.html
# Everything leaves through the transit gateway, internet included.

vpc "prod" {
  cidr_block = "10.1.0.0/16"
  region     = "us-east-1"
  account    = "111122223333"
}

subnet "prod-tgw-a" {
  vpc        = vpc.prod
  cidr_block = "10.1.0.0/28"
  az         = "us-east-1a"
}

subnet "prod-tgw-b" {
  vpc        = vpc.prod
  cidr_block = "10.1.0.16/28"
  az         = "us-east-1b"
}

subnet "prod-app-a" {
  vpc        = vpc.prod
  cidr_block = "10.1.10.0/24"
  az         = "us-east-1a"
}

subnet "prod-app-b" {
  vpc        = vpc.prod
  cidr_block = "10.1.11.0/24"
  az         = "us-east-1b"
}

# The attachment subnets keep the main route table (local only): traffic
# arriving from the transit gateway is for this VPC.
route_table "prod-app" {
  vpc     = vpc.prod
  subnets = [subnet.prod-app-a, subnet.prod-app-b]

  route {
    destination = "0.0.0.0/0"
    target      = transit_gateway.hub
  }
}

security_group "prod-api" {
  vpc = vpc.prod

  # 10.0.0.0/8 admits dev too: the transit gateway's segmentation, not this
  # group, is what keeps dev out.
  ingress {
    protocol    = "tcp"
    ports       = 443
    cidr_blocks = ["10.0.0.0/8", "172.16.0.0/12"]
    description = "HTTPS from the AWS estate and the data centre"
  }
  egress {
    protocol    = "tcp"
    ports       = 443
    cidr_blocks = ["0.0.0.0/0"]
    description = "HTTPS to shared services, the data centre and the internet"
  }
}

instance "api-1" {
  subnet          = subnet.prod-app-a
  private_ip      = "10.1.10.10"
  security_groups = [security_group.prod-api]
  platform        = "linux"
}

instance "api-2" {
  subnet          = subnet.prod-app-b
  private_ip      = "10.1.11.10"
  security_groups = [security_group.prod-api]
  platform        = "linux"
}
