# want 10:1 "two main route tables"
vpc "prod" {
  cidr_block = "10.0.0.0/16"
}
route_table "a" {
  vpc  = vpc.prod
  main = true
}

route_table "b" {
  vpc  = vpc.prod
  main = true
}
