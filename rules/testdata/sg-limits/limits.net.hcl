vpc "prod" {
  cidr_block = "10.0.0.0/16"
}

subnet "app" {
  vpc        = vpc.prod
  cidr_block = "10.0.1.0/24"
}

prefix_list "partners" {
  entries     = ["198.51.100.0/24"]
  max_entries = 58
}

security_group "big" {
  vpc = vpc.prod

  ingress {
    protocol    = "tcp"
    ports       = 443
    cidr_blocks = ["192.0.2.0/24", "192.0.2.0/25", "192.0.2.128/25"]
  }
  ingress { # want sg-limits "security group big has 61 ipv4 ingress rules, more than the default quota of 60"
    protocol     = "tcp"
    ports        = 443
    prefix_lists = [prefix_list.partners]
  }
  # silent: IPv6 rules count apart
  ingress {
    protocol    = "tcp"
    ports       = 443
    cidr_blocks = ["::/0"]
  }
}

security_group "a" { vpc = vpc.prod }
security_group "b" { vpc = vpc.prod }
security_group "c" { vpc = vpc.prod }
security_group "d" { vpc = vpc.prod }
security_group "e" { vpc = vpc.prod }
security_group "f" { vpc = vpc.prod }

instance "crowded" { # want sg-limits "instance crowded has 6 security groups, more than the default quota of 5 per network interface"
  subnet          = subnet.app
  security_groups = [security_group.a, security_group.b, security_group.c, security_group.d, security_group.e, security_group.f]
}

# silent: five groups is the quota
instance "full" {
  subnet          = subnet.app
  security_groups = [security_group.a, security_group.b, security_group.c, security_group.d, security_group.e]
}
