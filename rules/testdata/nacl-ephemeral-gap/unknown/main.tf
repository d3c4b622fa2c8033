# A client subnet routed to a carrier gateway, which vpcheck does not model
# (https://docs.aws.amazon.com/vpc/latest/userguide/Carrier_Gateway.html),
# behind a network ACL that admits only SSH: whether the replies of its
# hosts' connections meet the ACL is unknown, so the rule says the answer is
# incomplete instead of asserting a gap or its absence. Network ACLs are
# stateless: https://docs.aws.amazon.com/vpc/latest/userguide/nacl-ephemeral-ports.html

resource "aws_vpc" "v" {
  cidr_block = "10.31.0.0/16"
}

resource "aws_subnet" "wave" {
  vpc_id            = aws_vpc.v.id
  cidr_block        = "10.31.2.0/24"
  availability_zone = "eu-west-1a"
}

resource "aws_route_table" "wave" {
  vpc_id = aws_vpc.v.id
  route {
    cidr_block         = "0.0.0.0/0"
    carrier_gateway_id = "cagw-0123456789abcdef0"
  }
}

resource "aws_route_table_association" "wave" {
  subnet_id      = aws_subnet.wave.id
  route_table_id = aws_route_table.wave.id
}

resource "aws_network_acl" "wave" { # want nacl-ephemeral-gap "network acl aws_network_acl.wave may deny replies entering aws_subnet.wave: whether they meet its ingress rules is unknown (incomplete)"
  vpc_id     = aws_vpc.v.id
  subnet_ids = [aws_subnet.wave.id]
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
    from_port  = 22
    to_port    = 22
    cidr_block = "10.31.0.0/16"
  }
}

resource "aws_security_group" "out" {
  vpc_id = aws_vpc.v.id
  egress {
    from_port   = 0
    to_port     = 0
    protocol    = "-1"
    cidr_blocks = ["0.0.0.0/0"]
  }
}

resource "aws_instance" "wave" {
  ami                    = "ami-12345678"
  instance_type          = "t3.micro"
  subnet_id              = aws_subnet.wave.id
  private_ip             = "10.31.2.10"
  vpc_security_group_ids = [aws_security_group.out.id]
}
