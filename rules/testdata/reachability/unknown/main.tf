# A route to a target vpcheck does not model (a carrier gateway, for
# Wavelength zones: https://docs.aws.amazon.com/vpc/latest/userguide/Carrier_Gateway.html).
# Where its packets go is not known, so an answer resting on it is unknown,
# neither reachable nor unreachable.

resource "aws_vpc" "v" {
  cidr_block = "10.30.0.0/16"
}

resource "aws_internet_gateway" "igw" {
  vpc_id = aws_vpc.v.id
}

resource "aws_subnet" "edge" {
  vpc_id            = aws_vpc.v.id
  cidr_block        = "10.30.1.0/24"
  availability_zone = "eu-west-1a"
}

resource "aws_subnet" "wave" {
  vpc_id            = aws_vpc.v.id
  cidr_block        = "10.30.2.0/24"
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

resource "aws_route_table" "edge" {
  vpc_id = aws_vpc.v.id
  route {
    cidr_block = "0.0.0.0/0"
    gateway_id = aws_internet_gateway.igw.id
  }
}

resource "aws_route_table_association" "edge" {
  subnet_id      = aws_subnet.edge.id
  route_table_id = aws_route_table.edge.id
}

resource "aws_security_group" "open" {
  vpc_id = aws_vpc.v.id
  ingress {
    from_port   = 0
    to_port     = 0
    protocol    = "-1"
    cidr_blocks = ["0.0.0.0/0"]
  }
  egress {
    from_port   = 0
    to_port     = 0
    protocol    = "-1"
    cidr_blocks = ["0.0.0.0/0"]
  }
}

resource "aws_instance" "edge" {
  ami                    = "ami-12345678"
  instance_type          = "t3.micro"
  subnet_id              = aws_subnet.edge.id
  private_ip             = "10.30.1.10"
  vpc_security_group_ids = [aws_security_group.open.id]
}

resource "aws_instance" "wave" {
  ami                         = "ami-12345678"
  instance_type               = "t3.micro"
  subnet_id                   = aws_subnet.wave.id
  private_ip                  = "10.30.2.10"
  associate_public_ip_address = true
  vpc_security_group_ids      = [aws_security_group.open.id]
}
