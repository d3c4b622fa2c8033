# want 7:15 "\"main-igw\" needs its kind"
vpc "prod" {
  cidr_block = "10.0.0.0/16"
}
route_table "edge" {
  vpc      = vpc.prod
  gateways = ["main-igw"]
}
