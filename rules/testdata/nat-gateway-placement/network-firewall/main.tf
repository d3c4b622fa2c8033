# The distributed Network Firewall pattern: the internet gateway's edge
# table and the public subnet route to the firewall endpoint, known only
# from firewall_status[0].sync_states, which vpcheck does not model
# (https://docs.aws.amazon.com/network-firewall/latest/developerguide/arch-two-zone-igw.html).
# An unknown route target is never judged as a route AWS rejects:
# silent: the edge route to 10.40.1.0/24 (more specific than local) goes to the firewall endpoint
# silent: the NAT gateway's subnet reaches the internet gateway through the firewall

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

resource "aws_eip" "nat" {
  domain = "vpc"
}

resource "aws_nat_gateway" "nat" {
  allocation_id = aws_eip.nat.id
  subnet_id     = aws_subnet.public.id
}
