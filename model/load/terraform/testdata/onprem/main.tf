# A VPC reaching on-premises networks over Site-to-Site VPN and Direct
# Connect. What lies behind each connection is known only from its static
# routes, its customer-side range, or .vpcheck.hcl.
provider "aws" { region = "eu-west-1" }

resource "aws_vpc" "main" { cidr_block = "10.0.0.0/16" }

resource "aws_subnet" "app" {
  vpc_id            = aws_vpc.main.id
  cidr_block        = "10.0.1.0/24"
  availability_zone = "eu-west-1a"
}

resource "aws_vpn_gateway" "vgw" { vpc_id = aws_vpc.main.id }

resource "aws_route_table" "app" {
  vpc_id           = aws_vpc.main.id
  propagating_vgws = [aws_vpn_gateway.vgw.id]
}

resource "aws_route_table_association" "app" {
  route_table_id = aws_route_table.app.id
  subnet_id      = aws_subnet.app.id
}

resource "aws_customer_gateway" "office" {
  bgp_asn    = 65000
  ip_address = "198.51.100.1"
  type       = "ipsec.1"
}

# Static: the routes name the office's networks.
resource "aws_vpn_connection" "office" {
  vpn_gateway_id      = aws_vpn_gateway.vgw.id
  customer_gateway_id = aws_customer_gateway.office.id
  type                = "ipsec.1"
  static_routes_only  = true
}

resource "aws_vpn_connection_route" "office_lan" {
  vpn_connection_id      = aws_vpn_connection.office.id
  destination_cidr_block = "192.168.10.0/24"
}

resource "aws_vpn_connection_route" "office_voice" {
  vpn_connection_id      = aws_vpn_connection.office.id
  destination_cidr_block = "192.168.20.0/24"
}

resource "aws_customer_gateway" "factory" {
  bgp_asn    = 65001
  ip_address = "198.51.100.2"
  type       = "ipsec.1"
}

# BGP with the customer-side range declared.
resource "aws_vpn_connection" "factory" {
  vpn_gateway_id          = aws_vpn_gateway.vgw.id
  customer_gateway_id     = aws_customer_gateway.factory.id
  type                    = "ipsec.1"
  local_ipv4_network_cidr = "172.20.0.0/16"
}

resource "aws_customer_gateway" "branch" {
  bgp_asn    = 65002
  ip_address = "198.51.100.3"
  type       = "ipsec.1"
}

# BGP, nothing declared: its far side is unknown.
resource "aws_vpn_connection" "branch" {
  vpn_gateway_id      = aws_vpn_gateway.vgw.id
  customer_gateway_id = aws_customer_gateway.branch.id
  type                = "ipsec.1"
}

resource "aws_dx_gateway" "dc" {
  name            = "dc"
  amazon_side_asn = "64512"
}

# allowed_prefixes are the AWS side, advertised to on-premises.
resource "aws_dx_gateway_association" "dc" {
  dx_gateway_id         = aws_dx_gateway.dc.id
  associated_gateway_id = aws_vpn_gateway.vgw.id
  allowed_prefixes      = ["10.0.0.0/16"]
}
