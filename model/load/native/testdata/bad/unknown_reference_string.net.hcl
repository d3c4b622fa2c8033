# want 12:14 "unknown subnet \"app-b\""
# want 12:14 "Did you mean \"app-a\"?"
vpc "prod" {
  cidr_block = "10.0.0.0/16"
}
subnet "app-a" {
  vpc        = vpc.prod
  cidr_block = "10.0.1.0/24"
}
network_acl "app" {
  vpc     = vpc.prod
  subnets = ["app-b"]
}
