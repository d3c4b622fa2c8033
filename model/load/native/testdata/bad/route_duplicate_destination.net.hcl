# want 11:3 "route table \"public\" has two routes to 10.9.0.0/16"
vpc "prod" {
  cidr_block = "10.0.0.0/16"
}
route_table "public" {
  vpc = vpc.prod
  route {
    destination = "10.9.0.0/16"
    target      = "blackhole"
  }
  route {
    destination = "10.9.0.0/16"
    target      = "local"
  }
}
