# want 8:19 "is an address, not a CIDR block"
vpc "prod" {
  cidr_block = "10.0.0.0/16"
}
route_table "main" {
  vpc = vpc.prod
  route {
    destination = "192.168.0.0"
    target      = "blackhole"
  }
}
