# public-private: the well-built two-tier VPC, the control network.
#
# What it models: one VPC in us-east-1 with a public and a private subnet in
# each of two availability zones. The public subnets route to an internet
# gateway; each private subnet routes to the NAT gateway of its own AZ, so an
# AZ outage takes out only that AZ's egress. A web server with a public IP
# takes HTTPS from the internet and calls an app server in a private subnet
# on 8080; the app servers reach the internet (HTTPS only) through NAT.
#
# What is wrong on purpose: nothing. Every other example is measured against
# this one: vpcheck must report no error and no warning here.
#
# AWS documentation:
#   https://docs.aws.amazon.com/vpc/latest/userguide/vpc-example-private-subnets-nat.html
#   https://docs.aws.amazon.com/vpc/latest/userguide/vpc-nat-gateway.html
#   (one NAT gateway per AZ: "create a NAT gateway in each Availability Zone
#   and configure your routing to ensure that resources use the NAT gateway in
#   the same Availability Zone")
#
# Files: vpc.net.hcl (addressing and routing), security.net.hcl (security
# groups and network ACLs), instances.net.hcl (the servers).

vpc "prod" {
  cidr_block = "10.0.0.0/16"
  region     = "us-east-1"
  account    = "111122223333"
  aws_id     = "vpc-0a11b22c33d44e550"
  tags       = { Environment = "prod", Team = "platform" }
}

# Public subnets: instances launched here get a public IPv4 address
# (MapPublicIpOnLaunch), and their route table sends 0.0.0.0/0 to the IGW.
subnet "public-a" {
  vpc                 = vpc.prod
  cidr_block          = "10.0.0.0/24"
  az                  = "us-east-1a"
  public_ip_on_launch = true
}

subnet "public-b" {
  vpc                 = vpc.prod
  cidr_block          = "10.0.1.0/24"
  az                  = "us-east-1b"
  public_ip_on_launch = true
}

# Private subnets: no public addresses, internet only through NAT.
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

internet_gateway "prod" {
  vpc = vpc.prod
}

# A public NAT gateway needs an Elastic IP and must sit in a subnet whose
# route table reaches the internet gateway.
elastic_ip "nat-a" {
  public_ip = "203.0.113.21"
}

elastic_ip "nat-b" {
  public_ip = "203.0.113.22"
}

nat_gateway "nat-a" {
  subnet     = subnet.public-a
  elastic_ip = elastic_ip.nat-a
  private_ip = "10.0.0.5"
}

nat_gateway "nat-b" {
  subnet     = subnet.public-b
  elastic_ip = elastic_ip.nat-b
  private_ip = "10.0.1.5"
}

route_table "public" {
  vpc     = vpc.prod
  subnets = [subnet.public-a, subnet.public-b]

  route {
    destination = "0.0.0.0/0"
    target      = internet_gateway.prod
  }
}

# One private route table per AZ, each pointing at the NAT gateway of its AZ:
# a shared table would send one AZ's traffic across to the other AZ's NAT
# (cross-AZ data charges, and an outage of that AZ cuts both).
route_table "private-a" {
  vpc     = vpc.prod
  subnets = [subnet.app-a]

  route {
    destination = "0.0.0.0/0"
    target      = nat_gateway.nat-a
  }
}

route_table "private-b" {
  vpc     = vpc.prod
  subnets = [subnet.app-b]

  route {
    destination = "0.0.0.0/0"
    target      = nat_gateway.nat-b
  }
}
