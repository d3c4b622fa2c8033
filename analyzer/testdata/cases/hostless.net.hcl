# Subnets without a host, in a network that has hosts: each is an endpoint,
# a hypothetical host on its first free address with no security group
# restriction, standing for whatever is launched there. In a subnet that
# maps public IPs on launch and routes to an internet gateway it has a
# public IP, as an instance launched there would
# (https://docs.aws.amazon.com/vpc/latest/userguide/vpc-ip-addressing.html),
# which the gateway translates one to one
# (https://docs.aws.amazon.com/vpc/latest/userguide/VPC_Internet_Gateway.html).
#
#   web     web-1, public IP 192.0.2.60, admits tcp/443 from anywhere
#   spare   public IPs on launch, routed to the gateway, no host
#   data    private (no public IPs), no host
#   closed  public IPs on launch, no host, its ACL denies tcp/22 inbound

vpc "hl" {
  cidr_block = "10.14.0.0/16"
}

subnet "web" {
  vpc        = vpc.hl
  cidr_block = "10.14.1.0/24"
  az         = "eu-west-1a"
}

subnet "spare" {
  vpc                 = vpc.hl
  cidr_block          = "10.14.2.0/24"
  az                  = "eu-west-1a"
  public_ip_on_launch = true
}

subnet "data" {
  vpc        = vpc.hl
  cidr_block = "10.14.3.0/24"
  az         = "eu-west-1a"
}

subnet "closed" {
  vpc                 = vpc.hl
  cidr_block          = "10.14.4.0/24"
  az                  = "eu-west-1a"
  public_ip_on_launch = true
}

internet_gateway "hl" {
  vpc = vpc.hl
}

route_table "pub" {
  vpc     = vpc.hl
  subnets = [subnet.web, subnet.spare, subnet.closed]
  route {
    destination = "0.0.0.0/0"
    target      = internet_gateway.hl
  }
}

network_acl "closed" {
  vpc     = vpc.hl
  subnets = [subnet.closed]
  ingress {
    rule       = 100
    action     = "deny"
    protocol   = "tcp"
    ports      = 22
    cidr_block = "0.0.0.0/0"
  }
  ingress {
    rule       = 200
    action     = "allow"
    protocol   = "all"
    cidr_block = "0.0.0.0/0"
  }
  egress {
    rule       = 100
    action     = "allow"
    protocol   = "all"
    cidr_block = "0.0.0.0/0"
  }
}

security_group "web" {
  vpc = vpc.hl
  ingress {
    protocol    = "tcp"
    ports       = 443
    cidr_blocks = ["0.0.0.0/0"]
  }
  egress {
    protocol    = "all"
    cidr_blocks = ["0.0.0.0/0"]
  }
}

instance "web-1" {
  subnet          = subnet.web
  private_ip      = "10.14.1.10"
  public_ip       = "192.0.2.60"
  security_groups = [security_group.web]
}
