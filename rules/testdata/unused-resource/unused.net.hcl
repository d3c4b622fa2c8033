vpc "prod" {
  cidr_block = "10.0.0.0/16"
}

subnet "app" {
  vpc        = vpc.prod
  cidr_block = "10.0.1.0/24"
}

# silent: used by an instance, and by a rule of another group
security_group "app" {
  vpc = vpc.prod
}

security_group "db" {
  vpc = vpc.prod
  ingress {
    protocol        = "tcp"
    ports           = 5432
    security_groups = [security_group.app]
  }
}

security_group "legacy" { # want unused-resource "security group legacy is attached to nothing and referenced by no rule"
  vpc = vpc.prod
}

instance "app-1" {
  subnet          = subnet.app
  security_groups = [security_group.app, security_group.db]
}

network_acl "orphan" { # want unused-resource "network acl orphan is associated with no subnet"
  vpc = vpc.prod
}

route_table "spare" { # want unused-resource "route table spare is associated with no subnet and no gateway"
  vpc = vpc.prod
}

# silent: associated with a subnet
route_table "app" {
  vpc     = vpc.prod
  subnets = [subnet.app]
}

elastic_ip "idle" { # want unused-resource "elastic ip idle is associated with nothing"
  public_ip = "203.0.113.10"
}

elastic_ip "web" {
  public_ip = "203.0.113.11"
  instance  = instance.app-1
}

prefix_list "old-partners" { # want unused-resource "prefix list old-partners is referenced by no route, rule or endpoint"
  entries = ["198.51.100.0/24"]
}

customer_gateway "closed-office" { # want unused-resource "customer gateway closed-office is used by no vpn connection"
  ip_address = "198.51.100.99"
  asn        = 65099
}
