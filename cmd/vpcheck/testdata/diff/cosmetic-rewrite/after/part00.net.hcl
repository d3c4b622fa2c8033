route_table "private-b" {
  vpc     = vpc.prod
  subnets = [subnet.app-b]

  route {
    destination = "0.0.0.0/0"
    target      = nat_gateway.nat-b
  }
}
