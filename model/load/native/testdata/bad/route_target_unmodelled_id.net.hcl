# want 9:19 "target \"cagw-0123456789abcdef0\" needs its kind"
vpc "prod" {
  cidr_block = "10.0.0.0/16"
}
route_table "public" {
  vpc = vpc.prod
  route {
    destination = "0.0.0.0/0"
    target      = "cagw-0123456789abcdef0"
  }
}
