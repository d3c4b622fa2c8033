# Amazon services every instance reaches, unfiltered: the DNS server at the
# VPC base +2 and 169.254.169.253
# (https://docs.aws.amazon.com/vpc/latest/userguide/AmazonDNS-concepts.html),
# instance metadata at 169.254.169.254, Time Sync at 169.254.169.123.
# Security groups and network ACLs do not filter traffic to them:
# https://docs.aws.amazon.com/vpc/latest/userguide/vpc-security-groups.html
# https://docs.aws.amazon.com/vpc/latest/userguide/vpc-network-acls.html
#
#   locked-1   a security group with no rules and a network ACL with none:
#              it reaches nothing else
#   free       a subnet with no instance (a hypothetical host)

vpc "sv" {
  cidr_block = "10.13.0.0/16"
}

subnet "locked" {
  vpc        = vpc.sv
  cidr_block = "10.13.1.0/24"
  az         = "eu-west-1a"
}

subnet "free" {
  vpc        = vpc.sv
  cidr_block = "10.13.2.0/24"
  az         = "eu-west-1a"
}

network_acl "locked" {
  vpc     = vpc.sv
  subnets = [subnet.locked]
}

security_group "none" {
  vpc = vpc.sv
}

instance "locked-1" {
  subnet          = subnet.locked
  private_ip      = "10.13.1.10"
  security_groups = [security_group.none]
}
