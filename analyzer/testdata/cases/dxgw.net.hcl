# A Direct Connect gateway associated with the virtual private gateways of
# two VPCs carries traffic between each VPC and on-premises, never between
# the two VPCs:
# https://docs.aws.amazon.com/directconnect/latest/UserGuide/direct-connect-gateways-intro.html
#
# Route table dx1 even routes vpc dx2's block to vpn_gateway dx1 by hand:
# the gateway has nowhere to send it.

vpc "dx1" {
  cidr_block = "10.7.0.0/16"
}

vpc "dx2" {
  cidr_block = "10.8.0.0/16"
}

subnet "dx1-a" {
  vpc        = vpc.dx1
  cidr_block = "10.7.1.0/24"
  az         = "eu-west-1a"
}

subnet "dx2-a" {
  vpc        = vpc.dx2
  cidr_block = "10.8.1.0/24"
  az         = "eu-west-1a"
}

vpn_gateway "dx1" {
  vpc = vpc.dx1
}

vpn_gateway "dx2" {
  vpc = vpc.dx2
}

dx_gateway "shared" {
  associations = [vpn_gateway.dx1, vpn_gateway.dx2]
}

on_prem "colo" {
  cidr_blocks = ["172.30.0.0/16"]
  connections = [dx_gateway.shared]
}

route_table "dx1" {
  vpc                      = vpc.dx1
  subnets                  = [subnet.dx1-a]
  propagating_vpn_gateways = [vpn_gateway.dx1]
  route {
    destination = "10.8.0.0/16"
    target      = vpn_gateway.dx1
  }
}

route_table "dx2" {
  vpc                      = vpc.dx2
  subnets                  = [subnet.dx2-a]
  propagating_vpn_gateways = [vpn_gateway.dx2]
}

security_group "dx1" {
  vpc = vpc.dx1
  ingress {
    protocol    = "all"
    cidr_blocks = ["0.0.0.0/0"]
  }
  egress {
    protocol    = "all"
    cidr_blocks = ["0.0.0.0/0"]
  }
}

security_group "dx2" {
  vpc = vpc.dx2
  ingress {
    protocol    = "all"
    cidr_blocks = ["0.0.0.0/0"]
  }
  egress {
    protocol    = "all"
    cidr_blocks = ["0.0.0.0/0"]
  }
}

instance "dx1-1" {
  subnet          = subnet.dx1-a
  private_ip      = "10.7.1.10"
  security_groups = [security_group.dx1]
}

instance "dx2-1" {
  subnet          = subnet.dx2-a
  private_ip      = "10.8.1.10"
  security_groups = [security_group.dx2]
}
