# Security groups: stateful (a reply passes without a rule for it), and a
# group reference admits the private addresses of the group's members
# only — traffic that reaches an instance on its public IP does not match:
# https://docs.aws.amazon.com/vpc/latest/userguide/security-group-rules.html
# An instance launched with no group gets the VPC's default group, which
# admits its own members and lets everything out:
# https://docs.aws.amazon.com/vpc/latest/userguide/default-security-group.html

vpc "sgv" {
  cidr_block = "10.9.0.0/16"
}

subnet "sg-pub" {
  vpc        = vpc.sgv
  cidr_block = "10.9.1.0/24"
  az         = "eu-west-1a"
}

internet_gateway "sgv" {
  vpc = vpc.sgv
}

route_table "sg-pub" {
  vpc     = vpc.sgv
  subnets = [subnet.sg-pub]
  route {
    destination = "0.0.0.0/0"
    target      = internet_gateway.sgv
  }
}

security_group "client" {
  vpc = vpc.sgv
  egress {
    protocol    = "all"
    cidr_blocks = ["0.0.0.0/0"]
  }
}

# No egress rule at all: replies still leave (stateful).
security_group "server" {
  vpc = vpc.sgv
  ingress {
    protocol        = "tcp"
    ports           = 443
    security_groups = [security_group.client]
  }
}

security_group "stranger" {
  vpc = vpc.sgv
  egress {
    protocol    = "all"
    cidr_blocks = ["0.0.0.0/0"]
  }
}

instance "client-1" {
  subnet          = subnet.sg-pub
  private_ip      = "10.9.1.10"
  public_ip       = "198.51.100.21"
  security_groups = [security_group.client]
}

instance "server-1" {
  subnet          = subnet.sg-pub
  private_ip      = "10.9.1.20"
  public_ip       = "198.51.100.22"
  security_groups = [security_group.server]
}

instance "stranger-1" {
  subnet          = subnet.sg-pub
  private_ip      = "10.9.1.30"
  security_groups = [security_group.stranger]
}

# Launched with no security group: the VPC's default group applies.
instance "plain-1" {
  subnet     = subnet.sg-pub
  private_ip = "10.9.1.40"
}

instance "plain-2" {
  subnet     = subnet.sg-pub
  private_ip = "10.9.1.41"
}
