# want 16:14 "subnet \"app-a\" is associated with two route tables"
vpc "prod" {
  cidr_block = "10.0.0.0/16"
}
subnet "app-a" {
  vpc        = vpc.prod
  cidr_block = "10.0.1.0/24"
}
route_table "a" {
  vpc     = vpc.prod
  subnets = [subnet.app-a]
}

route_table "b" {
  vpc     = vpc.prod
  subnets = [subnet.app-a]
}
