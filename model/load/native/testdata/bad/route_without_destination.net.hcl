# want 7:3 "route has no destination"
vpc "prod" {
  cidr_block = "10.0.0.0/16"
}
route_table "public" {
  vpc = vpc.prod
  route {
    target = "blackhole"
  }
}
