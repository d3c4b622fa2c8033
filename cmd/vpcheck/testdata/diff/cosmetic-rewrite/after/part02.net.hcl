route_table "public" {
  vpc     = vpc.prod
  subnets = [subnet.public-a, subnet.public-b]

  route {
    destination = "0.0.0.0/0"
    target      = internet_gateway.prod
  }
}
