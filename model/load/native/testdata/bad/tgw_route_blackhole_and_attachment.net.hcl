# want 9:5 "a blackhole route has no attachment"
transit_gateway "core" {}

transit_gateway_route_table "core" {
  transit_gateway = transit_gateway.core
  route {
    destination = "10.0.0.0/8"
    blackhole   = true
    attachment  = "x"
  }
}
