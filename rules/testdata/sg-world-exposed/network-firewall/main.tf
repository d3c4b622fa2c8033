# The internet gateway's edge table sends the public subnet's traffic to a
# Network Firewall endpoint whose policy is not in the input (the firewall
# names it by ARN)
# (https://docs.aws.amazon.com/network-firewall/latest/developerguide/arch-two-zone-igw.html):
# whether the internet reaches the bastion is unknown, so the finding says
# the answer is incomplete instead of asserting either way.

resource "aws_vpc" "v" {
  cidr_block = "10.40.0.0/16"
}

resource "aws_internet_gateway" "igw" {
  vpc_id = aws_vpc.v.id
}

resource "aws_subnet" "fw" {
  vpc_id            = aws_vpc.v.id
  cidr_block        = "10.40.0.0/28"
  availability_zone = "eu-west-1a"
}

resource "aws_subnet" "public" {
  vpc_id            = aws_vpc.v.id
  cidr_block        = "10.40.1.0/24"
  availability_zone = "eu-west-1a"
}

resource "aws_networkfirewall_firewall" "fw" {
  name                = "fw"
  firewall_policy_arn = "arn:aws:network-firewall:eu-west-1:123456789012:firewall-policy/p"
  vpc_id              = aws_vpc.v.id
  subnet_mapping {
    subnet_id = aws_subnet.fw.id
  }
}

resource "aws_route_table" "fw" {
  vpc_id = aws_vpc.v.id
  route {
    cidr_block = "0.0.0.0/0"
    gateway_id = aws_internet_gateway.igw.id
  }
}

resource "aws_route_table_association" "fw" {
  subnet_id      = aws_subnet.fw.id
  route_table_id = aws_route_table.fw.id
}

resource "aws_route_table" "public" {
  vpc_id = aws_vpc.v.id
  route {
    cidr_block      = "0.0.0.0/0"
    vpc_endpoint_id = (tolist(aws_networkfirewall_firewall.fw.firewall_status[0].sync_states))[0].attachment[0].endpoint_id
  }
}

resource "aws_route_table_association" "public" {
  subnet_id      = aws_subnet.public.id
  route_table_id = aws_route_table.public.id
}

resource "aws_route_table" "edge" {
  vpc_id = aws_vpc.v.id
  route {
    cidr_block      = "10.40.1.0/24"
    vpc_endpoint_id = (tolist(aws_networkfirewall_firewall.fw.firewall_status[0].sync_states))[0].attachment[0].endpoint_id
  }
}

resource "aws_route_table_association" "edge" {
  gateway_id     = aws_internet_gateway.igw.id
  route_table_id = aws_route_table.edge.id
}

resource "aws_security_group" "bastion" {
  vpc_id = aws_vpc.v.id
  ingress { # want sg-world-exposed "whether the internet reaches them is unknown (incomplete): network_firewall aws_networkfirewall_firewall.fw has no firewall policy in the input"
    from_port   = 22
    to_port     = 22
    protocol    = "tcp"
    cidr_blocks = ["0.0.0.0/0"]
  }
  egress {
    from_port   = 0
    to_port     = 0
    protocol    = "-1"
    cidr_blocks = ["0.0.0.0/0"]
  }
}

resource "aws_instance" "bastion" {
  ami                         = "ami-12345678"
  instance_type               = "t3.micro"
  subnet_id                   = aws_subnet.public.id
  private_ip                  = "10.40.1.10"
  associate_public_ip_address = true
  vpc_security_group_ids      = [aws_security_group.bastion.id]
}
