# want 9:19 "Did you mean internet_gateway?"
vpc "prod" {
  cidr_block = "10.0.0.0/16"
}
route_table "public" {
  vpc = vpc.prod
  route {
    destination = "0.0.0.0/0"
    target      = igw.main
  }
}
