# want 7:3 "Did you mean \"route\"?"
vpc "prod" {
  cidr_block = "10.0.0.0/16"
}
route_table "main" {
  vpc = vpc.prod
  routes {
    destination = "0.0.0.0/0"
    target      = "local"
  }
}
