# Network ACLs: stateless, evaluated at the subnet boundary (not between two
# interfaces of one subnet), first matching rule by number, final deny.
# The default ACL allows everything; a new custom ACL denies everything:
# https://docs.aws.amazon.com/vpc/latest/userguide/vpc-network-acls.html
# https://docs.aws.amazon.com/vpc/latest/userguide/nacl-rules.html
#
#   open-a, open-b   default network ACL
#   locked           custom ACL with no rules
#   oneway           admits tcp/443 in and lets out only tcp/443: replies
#                    to a client's ephemeral port are denied

vpc "nv" {
  cidr_block = "10.11.0.0/16"
}

subnet "open-a" {
  vpc        = vpc.nv
  cidr_block = "10.11.1.0/24"
  az         = "eu-west-1a"
}

subnet "open-b" {
  vpc        = vpc.nv
  cidr_block = "10.11.2.0/24"
  az         = "eu-west-1b"
}

subnet "locked" {
  vpc        = vpc.nv
  cidr_block = "10.11.3.0/24"
  az         = "eu-west-1a"
}

subnet "oneway" {
  vpc        = vpc.nv
  cidr_block = "10.11.4.0/24"
  az         = "eu-west-1a"
}

network_acl "locked" {
  vpc     = vpc.nv
  subnets = [subnet.locked]
}

network_acl "oneway" {
  vpc     = vpc.nv
  subnets = [subnet.oneway]
  ingress {
    rule       = 100
    action     = "allow"
    protocol   = "tcp"
    ports      = 443
    cidr_block = "10.11.0.0/16"
  }
  egress {
    rule       = 100
    action     = "allow"
    protocol   = "tcp"
    ports      = 443
    cidr_block = "10.11.0.0/16"
  }
}

security_group "nv" {
  vpc = vpc.nv
  ingress {
    protocol    = "all"
    cidr_blocks = ["10.11.0.0/16"]
  }
  egress {
    protocol    = "all"
    cidr_blocks = ["10.11.0.0/16"]
  }
}

instance "open-1" {
  subnet          = subnet.open-a
  private_ip      = "10.11.1.10"
  security_groups = [security_group.nv]
}

instance "open-2" {
  subnet          = subnet.open-b
  private_ip      = "10.11.2.10"
  security_groups = [security_group.nv]
}

instance "locked-1" {
  subnet          = subnet.locked
  private_ip      = "10.11.3.10"
  security_groups = [security_group.nv]
}

instance "locked-2" {
  subnet          = subnet.locked
  private_ip      = "10.11.3.11"
  security_groups = [security_group.nv]
}

instance "oneway-1" {
  subnet          = subnet.oneway
  private_ip      = "10.11.4.10"
  security_groups = [security_group.nv]
}
