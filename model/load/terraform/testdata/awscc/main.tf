# A network written with the Cloud Control provider, as AWS's own modules
# (aws-ia) write theirs, mixed with aws_ resources as they mix them.
provider "awscc" { region = "eu-west-1" }

resource "awscc_ec2_vpc" "hub" {
  cidr_block = "10.0.0.0/16"
  tags       = [{ key = "Name", value = "hub" }]
}

resource "awscc_ec2_vpc_cidr_block" "extra" {
  vpc_id     = awscc_ec2_vpc.hub.id
  cidr_block = "10.1.0.0/16"
}

resource "awscc_ec2_subnet" "public" {
  vpc_id                  = awscc_ec2_vpc.hub.vpc_id
  cidr_block              = "10.0.1.0/24"
  availability_zone       = "eu-west-1a"
  map_public_ip_on_launch = true
}

resource "awscc_ec2_subnet" "private" {
  vpc_id            = awscc_ec2_vpc.hub.id
  cidr_block        = "10.0.2.0/24"
  availability_zone = "eu-west-1a"
}

resource "awscc_ec2_internet_gateway" "igw" {}

resource "awscc_ec2_vpc_gateway_attachment" "igw" {
  vpc_id              = awscc_ec2_vpc.hub.id
  internet_gateway_id = awscc_ec2_internet_gateway.igw.id
}

resource "awscc_ec2_eip" "nat" { domain = "vpc" }

resource "awscc_ec2_nat_gateway" "nat" {
  subnet_id     = awscc_ec2_subnet.public.subnet_id
  allocation_id = awscc_ec2_eip.nat.allocation_id
}

resource "awscc_ec2_route_table" "public" { vpc_id = awscc_ec2_vpc.hub.id }

resource "awscc_ec2_subnet_route_table_association" "public" {
  route_table_id = awscc_ec2_route_table.public.id
  subnet_id      = awscc_ec2_subnet.public.id
}

resource "awscc_ec2_route" "public_default" {
  route_table_id         = awscc_ec2_route_table.public.route_table_id
  destination_cidr_block = "0.0.0.0/0"
  gateway_id             = awscc_ec2_internet_gateway.igw.id
}

resource "awscc_ec2_route_table" "private" { vpc_id = awscc_ec2_vpc.hub.id }

resource "awscc_ec2_subnet_route_table_association" "private" {
  route_table_id = awscc_ec2_route_table.private.id
  subnet_id      = awscc_ec2_subnet.private.id
}

resource "aws_route" "private_default" {
  route_table_id         = awscc_ec2_route_table.private.id
  destination_cidr_block = "0.0.0.0/0"
  nat_gateway_id         = awscc_ec2_nat_gateway.nat.id
}

resource "awscc_ec2_route" "private_to_spokes" {
  route_table_id         = awscc_ec2_route_table.private.id
  destination_cidr_block = "10.16.0.0/12"
  transit_gateway_id     = awscc_ec2_transit_gateway.tgw.id
}

resource "awscc_ec2_transit_gateway" "tgw" {
  default_route_table_association = "disable"
  default_route_table_propagation = "disable"
}

resource "awscc_ec2_transit_gateway_vpc_attachment" "hub" {
  transit_gateway_id = awscc_ec2_transit_gateway.tgw.id
  vpc_id             = awscc_ec2_vpc.hub.id
  subnet_ids         = [awscc_ec2_subnet.private.id]
  options            = { appliance_mode_support = "enable" }
}

resource "awscc_ec2_transit_gateway_route_table" "spokes" {
  transit_gateway_id = awscc_ec2_transit_gateway.tgw.id
}

resource "awscc_ec2_transit_gateway_route_table_association" "hub" {
  transit_gateway_attachment_id  = awscc_ec2_transit_gateway_vpc_attachment.hub.id
  transit_gateway_route_table_id = awscc_ec2_transit_gateway_route_table.spokes.id
}

resource "awscc_ec2_transit_gateway_route_table_propagation" "hub" {
  transit_gateway_attachment_id  = awscc_ec2_transit_gateway_vpc_attachment.hub.id
  transit_gateway_route_table_id = awscc_ec2_transit_gateway_route_table.spokes.id
}

resource "awscc_ec2_transit_gateway_route" "default" {
  transit_gateway_route_table_id = awscc_ec2_transit_gateway_route_table.spokes.id
  destination_cidr_block         = "0.0.0.0/0"
  transit_gateway_attachment_id  = awscc_ec2_transit_gateway_vpc_attachment.hub.id
}

resource "awscc_ec2_security_group" "web" {
  group_description = "web"
  vpc_id            = awscc_ec2_vpc.hub.id
  security_group_ingress = [{
    ip_protocol = "tcp"
    from_port   = 443
    to_port     = 443
    cidr_ip     = "0.0.0.0/0"
  }]
}

resource "awscc_ec2_security_group" "db" {
  group_description = "db"
  vpc_id            = awscc_ec2_vpc.hub.id
  security_group_egress = [{
    ip_protocol = "tcp"
    from_port   = 443
    to_port     = 443
    cidr_ip     = "10.0.0.0/16"
  }]
}

resource "awscc_ec2_security_group_ingress" "db_from_web" {
  group_id                 = awscc_ec2_security_group.db.group_id
  ip_protocol              = "tcp"
  from_port                = 5432
  to_port                  = 5432
  source_security_group_id = awscc_ec2_security_group.web.id
}

resource "awscc_ec2_network_acl" "private" { vpc_id = awscc_ec2_vpc.hub.id }

resource "awscc_ec2_network_acl_entry" "https_in" {
  network_acl_id = awscc_ec2_network_acl.private.id
  rule_number    = 100
  protocol       = 6
  rule_action    = "allow"
  cidr_block     = "0.0.0.0/0"
  port_range     = { from = 443, to = 443 }
}

resource "awscc_ec2_network_acl_entry" "replies_out" {
  network_acl_id = awscc_ec2_network_acl.private.id
  rule_number    = 100
  egress         = true
  protocol       = 6
  rule_action    = "allow"
  cidr_block     = "0.0.0.0/0"
  port_range     = { from = 1024, to = 65535 }
}

resource "awscc_ec2_subnet_network_acl_association" "private" {
  subnet_id      = awscc_ec2_subnet.private.id
  network_acl_id = awscc_ec2_network_acl.private.id
}

resource "awscc_ec2_vpc_endpoint" "s3" {
  vpc_id          = awscc_ec2_vpc.hub.id
  service_name    = "com.amazonaws.eu-west-1.s3"
  route_table_ids = [awscc_ec2_route_table.private.id]
}

# Not mapped: reported.
resource "awscc_ec2_instance" "bastion" { subnet_id = awscc_ec2_subnet.public.id }

# The VPC's default security group, by the attribute awscc names it with.
resource "aws_vpc_security_group_ingress_rule" "default_from_vpc" {
  security_group_id = awscc_ec2_vpc.hub.default_security_group
  ip_protocol       = "-1"
  cidr_ipv4         = "10.0.0.0/16"
}
