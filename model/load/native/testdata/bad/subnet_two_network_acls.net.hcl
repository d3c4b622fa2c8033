# want 16:14 "subnet \"app-a\" is associated with two network ACLs"
vpc "prod" {
  cidr_block = "10.0.0.0/16"
}
subnet "app-a" {
  vpc        = vpc.prod
  cidr_block = "10.0.1.0/24"
}
network_acl "a" {
  vpc     = vpc.prod
  subnets = [subnet.app-a]
}

network_acl "b" {
  vpc     = vpc.prod
  subnets = [subnet.app-a]
}
