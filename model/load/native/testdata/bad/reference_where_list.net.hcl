# want 12:13 "subnets must be a list"
# want 12:13 "subnets = [subnet.app-a]"
vpc "prod" {
  cidr_block = "10.0.0.0/16"
}
subnet "app-a" {
  vpc        = vpc.prod
  cidr_block = "10.0.1.0/24"
}
route_table "app" {
  vpc     = vpc.prod
  subnets = subnet.app-a
}
