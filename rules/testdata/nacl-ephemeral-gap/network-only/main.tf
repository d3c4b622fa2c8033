# Network-only Terraform (no instance): a public subnet (public IPs on
# launch, default route to the internet gateway) whose network ACL admits
# replies only to 32768-65535. An instance launched there gets a public IP
# (https://docs.aws.amazon.com/vpc/latest/userguide/vpc-ip-addressing.html)
# and its replies may come to any port of 1024-65535, the range AWS's
# guidance covers: https://docs.aws.amazon.com/vpc/latest/userguide/nacl-ephemeral-ports.html
# The subnet's hypothetical instance is a client whose replies to
# 1024-32767 the ACL drops.

resource "aws_vpc" "v" {
  cidr_block = "10.40.0.0/16"
}

resource "aws_internet_gateway" "igw" {
  vpc_id = aws_vpc.v.id
}

resource "aws_subnet" "public" {
  vpc_id                  = aws_vpc.v.id
  cidr_block              = "10.40.1.0/24"
  availability_zone       = "eu-west-1a"
  map_public_ip_on_launch = true
}

resource "aws_route_table" "public" {
  vpc_id = aws_vpc.v.id
  route {
    cidr_block = "0.0.0.0/0"
    gateway_id = aws_internet_gateway.igw.id
  }
}

resource "aws_route_table_association" "public" {
  subnet_id      = aws_subnet.public.id
  route_table_id = aws_route_table.public.id
}

resource "aws_network_acl" "public" {
  vpc_id     = aws_vpc.v.id
  subnet_ids = [aws_subnet.public.id]
  egress {
    rule_no    = 100
    action     = "allow"
    protocol   = "-1"
    from_port  = 0
    to_port    = 0
    cidr_block = "0.0.0.0/0"
  }
  ingress {
    rule_no    = 100
    action     = "allow"
    protocol   = "tcp"
    from_port  = 443
    to_port    = 443
    cidr_block = "0.0.0.0/0"
  }
  ingress { # want nacl-ephemeral-gap "to client ports tcp 1024-32767 and udp 1024-65535 (hypothetical instance clients)"
    rule_no    = 110
    action     = "allow"
    protocol   = "tcp"
    from_port  = 32768
    to_port    = 65535
    cidr_block = "0.0.0.0/0"
  }
}
