# A root that calls a registry module without `terraform init`, refers to it
# and to resources whose instances are not known, and reads a file that is
# not there. What the root defines itself is still analysed.
module "vpcs" {
  source   = "terraform-aws-modules/vpc/aws"
  version  = "5.8.1"
  for_each = { a = "10.1.0.0/16", b = "10.2.0.0/16" }
  cidr     = each.value
}

resource "aws_vpc" "local" { cidr_block = "10.0.0.0/16" }

resource "aws_ec2_transit_gateway" "hub" {}

# Instances known only on apply.
resource "aws_ec2_transit_gateway_vpc_attachment" "spokes" {
  for_each           = module.vpcs
  transit_gateway_id = aws_ec2_transit_gateway.hub.id
  vpc_id             = each.value.vpc_id
  subnet_ids         = each.value.private_subnets
}

resource "aws_security_group" "web" {
  vpc_id = aws_vpc.local.id
  ingress {
    from_port   = 443
    to_port     = 443
    protocol    = "tcp"
    cidr_blocks = ["0.0.0.0/0"]
  }
}

resource "aws_key_pair" "deployer" { public_key = file("${path.module}/id_rsa.pub") }

locals {
  # try(x, null).id where x is unknown: unknown, not "attribute of null".
  spoke_a    = try(aws_ec2_transit_gateway_vpc_attachment.spokes["a"], null).id
  first_vpc  = try(module.vpcs["a"].vpc_id, null)
  attachment = aws_ec2_transit_gateway_vpc_attachment.spokes["b"].id
}

resource "aws_ec2_transit_gateway_route_table" "spokes" { transit_gateway_id = aws_ec2_transit_gateway.hub.id }

resource "aws_ec2_transit_gateway_route" "to_a" {
  transit_gateway_route_table_id = aws_ec2_transit_gateway_route_table.spokes.id
  destination_cidr_block         = "10.1.0.0/16"
  transit_gateway_attachment_id  = local.spoke_a
}

# Objects whose subnet or VPC comes from the missing module are left out,
# and so is what needs them; a route to one goes somewhere unknown.
resource "aws_ec2_transit_gateway_vpc_attachment" "a" {
  transit_gateway_id = aws_ec2_transit_gateway.hub.id
  vpc_id             = module.vpcs["a"].vpc_id
  subnet_ids         = module.vpcs["a"].private_subnets
}

resource "aws_ec2_transit_gateway_route_table_association" "a" {
  transit_gateway_attachment_id  = aws_ec2_transit_gateway_vpc_attachment.a.id
  transit_gateway_route_table_id = aws_ec2_transit_gateway_route_table.spokes.id
}

resource "aws_instance" "proxy" {
  ami           = "ami-12345678"
  instance_type = "t3.micro"
  subnet_id     = module.vpcs["a"].public_subnets[0]
}

resource "aws_route_table" "local" {
  vpc_id = aws_vpc.local.id
  route {
    cidr_block           = "0.0.0.0/0"
    network_interface_id = aws_instance.proxy.primary_network_interface_id
  }
}
