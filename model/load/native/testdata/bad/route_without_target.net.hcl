# want 7:3 "missing required attribute \"target\""
vpc "prod" {
  cidr_block = "10.0.0.0/16"
}
route_table "public" {
  vpc = vpc.prod
  route {
    destination = "0.0.0.0/0"
  }
}
