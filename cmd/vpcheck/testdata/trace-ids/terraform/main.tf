# The same two VPCs on one transit gateway, not yet applied: every id is a
# placeholder vpcheck makes up, which trace does not show as an AWS id.
resource "aws_ec2_transit_gateway" "hub" {}

resource "aws_vpc" "a" {
  cidr_block = "10.50.0.0/16"
}

resource "aws_subnet" "a" {
  vpc_id            = aws_vpc.a.id
  cidr_block        = "10.50.1.0/24"
  availability_zone = "eu-west-1a"
}

resource "aws_vpc" "b" {
  cidr_block = "10.51.0.0/16"
}

resource "aws_subnet" "b" {
  vpc_id            = aws_vpc.b.id
  cidr_block        = "10.51.1.0/24"
  availability_zone = "eu-west-1a"
}

resource "aws_ec2_transit_gateway_vpc_attachment" "a" {
  transit_gateway_id = aws_ec2_transit_gateway.hub.id
  vpc_id             = aws_vpc.a.id
  subnet_ids         = [aws_subnet.a.id]
}

resource "aws_ec2_transit_gateway_vpc_attachment" "b" {
  transit_gateway_id = aws_ec2_transit_gateway.hub.id
  vpc_id             = aws_vpc.b.id
  subnet_ids         = [aws_subnet.b.id]
}

resource "aws_route" "a" {
  route_table_id         = aws_vpc.a.main_route_table_id
  destination_cidr_block = "10.0.0.0/8"
  transit_gateway_id     = aws_ec2_transit_gateway.hub.id
}

resource "aws_route" "b" {
  route_table_id         = aws_vpc.b.main_route_table_id
  destination_cidr_block = "10.0.0.0/8"
  transit_gateway_id     = aws_ec2_transit_gateway.hub.id
}

resource "aws_instance" "a" {
  ami           = "ami-12345678"
  instance_type = "t3.micro"
  subnet_id     = aws_subnet.a.id
  private_ip    = "10.50.1.10"
}

resource "aws_instance" "b" {
  ami           = "ami-12345678"
  instance_type = "t3.micro"
  subnet_id     = aws_subnet.b.id
  private_ip    = "10.51.1.10"
}
