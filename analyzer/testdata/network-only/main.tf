# Network-only Terraform, as most VPC module repositories are: no instance.
# A public subnet (public IPs on launch, default route to the internet
# gateway) gets a hypothetical host with a placeholder public IP, as an
# instance launched there would
# (https://docs.aws.amazon.com/vpc/latest/userguide/vpc-ip-addressing.html);
# the internet reaches it through the gateway's one-to-one NAT
# (https://docs.aws.amazon.com/vpc/latest/userguide/VPC_Internet_Gateway.html).
#   public   public IPs on launch, default network ACL: reachable both ways
#   edge     public IPs on launch, its ACL admits replies to 32768-65535 only
#   nopub    routed to the gateway but no public IP on launch: no host has one
#   private  default route to the NAT gateway in public

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

resource "aws_subnet" "edge" {
  vpc_id                  = aws_vpc.v.id
  cidr_block              = "10.40.2.0/24"
  availability_zone       = "eu-west-1a"
  map_public_ip_on_launch = true
}

resource "aws_subnet" "nopub" {
  vpc_id            = aws_vpc.v.id
  cidr_block        = "10.40.3.0/24"
  availability_zone = "eu-west-1a"
}

resource "aws_subnet" "private" {
  vpc_id            = aws_vpc.v.id
  cidr_block        = "10.40.4.0/24"
  availability_zone = "eu-west-1a"
}

resource "aws_eip" "nat" {
  domain = "vpc"
}

resource "aws_nat_gateway" "nat" {
  allocation_id = aws_eip.nat.id
  subnet_id     = aws_subnet.public.id
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

resource "aws_route_table_association" "edge" {
  subnet_id      = aws_subnet.edge.id
  route_table_id = aws_route_table.public.id
}

resource "aws_route_table_association" "nopub" {
  subnet_id      = aws_subnet.nopub.id
  route_table_id = aws_route_table.public.id
}

resource "aws_route_table" "private" {
  vpc_id = aws_vpc.v.id
  route {
    cidr_block     = "0.0.0.0/0"
    nat_gateway_id = aws_nat_gateway.nat.id
  }
}

resource "aws_route_table_association" "private" {
  subnet_id      = aws_subnet.private.id
  route_table_id = aws_route_table.private.id
}

resource "aws_network_acl" "edge" {
  vpc_id     = aws_vpc.v.id
  subnet_ids = [aws_subnet.edge.id]
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
  ingress {
    rule_no    = 110
    action     = "allow"
    protocol   = "tcp"
    from_port  = 32768
    to_port    = 65535
    cidr_block = "0.0.0.0/0"
  }
}
