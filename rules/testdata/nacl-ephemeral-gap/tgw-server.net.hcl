# A server in its VPC's transit gateway attachment subnet. Network ACLs are
# not evaluated for traffic from a transit gateway into its attachment
# subnet, so requests from other VPCs reach the server whatever the ACL's
# inbound rules say; its replies to the transit gateway do meet the ACL's
# outbound rules (by destination address):
# https://docs.aws.amazon.com/vpc/latest/tgw/tgw-nacls.html
# The ACL lets out only port 443, not the clients' ephemeral ports: every
# reply is dropped.

transit_gateway "hub" {}

transit_gateway_route_table "main" {
  transit_gateway = transit_gateway.hub
}

vpc "cv" {
  cidr_block = "10.62.0.0/16"
}

subnet "cv-a" {
  vpc        = vpc.cv
  cidr_block = "10.62.10.0/24"
  az         = "eu-west-1a"
}

vpc "sv" {
  cidr_block = "10.63.0.0/16"
}

subnet "sv-a" {
  vpc        = vpc.sv
  cidr_block = "10.63.1.0/24"
  az         = "eu-west-1a"
}

transit_gateway_attachment "cv" {
  transit_gateway = transit_gateway.hub
  vpc             = vpc.cv
  subnets         = [subnet.cv-a]
  association     = transit_gateway_route_table.main
  propagations    = [transit_gateway_route_table.main]
}

transit_gateway_attachment "sv" {
  transit_gateway = transit_gateway.hub
  vpc             = vpc.sv
  subnets         = [subnet.sv-a]
  association     = transit_gateway_route_table.main
  propagations    = [transit_gateway_route_table.main]
}

route_table "cv" {
  vpc     = vpc.cv
  subnets = [subnet.cv-a]
  route {
    destination = "10.63.0.0/16"
    target      = transit_gateway.hub
  }
}

route_table "sv" {
  vpc     = vpc.sv
  subnets = [subnet.sv-a]
  route {
    destination = "10.62.0.0/16"
    target      = transit_gateway.hub
  }
}

network_acl "servers" { # want nacl-ephemeral-gap "denies replies leaving subnet sv-a to client ports 32768-60999 (Linux clients)"
  vpc     = vpc.sv
  subnets = [subnet.sv-a]
  # Only ssh from its own VPC: never evaluated for what the transit gateway
  # delivers.
  ingress {
    rule       = 100
    action     = "allow"
    protocol   = "tcp"
    ports      = 22
    cidr_block = "10.63.0.0/16"
  }
  egress {
    rule       = 100
    action     = "allow"
    protocol   = "tcp"
    ports      = 443
    cidr_block = "10.62.0.0/16"
  }
}

security_group "client" {
  vpc = vpc.cv
  egress {
    protocol    = "tcp"
    ports       = 443
    cidr_blocks = ["10.63.0.0/16"]
  }
}

security_group "server" {
  vpc = vpc.sv
  ingress {
    protocol    = "tcp"
    ports       = 443
    cidr_blocks = ["10.62.0.0/16"]
  }
}

instance "c-1" {
  subnet          = subnet.cv-a
  private_ip      = "10.62.10.10"
  security_groups = [security_group.client]
}

instance "s-1" {
  subnet          = subnet.sv-a
  private_ip      = "10.63.1.10"
  security_groups = [security_group.server]
}
