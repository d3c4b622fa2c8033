# Outside addresses as sources. A security group rule admits the source
# addresses it names; traffic from the internet arrives from the client's
# own public address (the internet gateway translates only the
# destination, to the instance's private address):
# https://docs.aws.amazon.com/vpc/latest/userguide/security-group-rules.html
# https://docs.aws.amazon.com/vpc/latest/userguide/VPC_Internet_Gateway.html
#
#   pub-1   public IP 192.0.2.50, admits tcp/443 only from 8.8.8.0/24
#           (a public block, not a documentation one, so it is told apart
#           from the documentation address 198.51.100.10 that stands for
#           "some host on the internet")

vpc "ov" {
  cidr_block = "10.12.0.0/16"
}

subnet "pub" {
  vpc        = vpc.ov
  cidr_block = "10.12.1.0/24"
  az         = "eu-west-1a"
}

subnet "empty" {
  vpc        = vpc.ov
  cidr_block = "10.12.2.0/24"
  az         = "eu-west-1a"
}

internet_gateway "ov" {
  vpc = vpc.ov
}

route_table "pub" {
  vpc     = vpc.ov
  subnets = [subnet.pub, subnet.empty]
  route {
    destination = "0.0.0.0/0"
    target      = internet_gateway.ov
  }
}

security_group "only-8-8-8" {
  vpc = vpc.ov
  ingress {
    protocol    = "tcp"
    ports       = 443
    cidr_blocks = ["8.8.8.0/24"]
  }
  egress {
    protocol    = "all"
    cidr_blocks = ["0.0.0.0/0"]
  }
}

instance "pub-1" {
  subnet          = subnet.pub
  private_ip      = "10.12.1.10"
  public_ip       = "192.0.2.50"
  security_groups = [security_group.only-8-8-8]
}
