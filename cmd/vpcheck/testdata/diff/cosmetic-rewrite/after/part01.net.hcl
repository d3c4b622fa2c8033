route_table "private-a" {
  vpc     = vpc.prod
  subnets = [subnet.app-a]

  route {
    destination = "0.0.0.0/0"
    target      = nat_gateway.nat-a
  }
}
