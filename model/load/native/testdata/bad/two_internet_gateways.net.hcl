# want 9:1 "internet gateway attached to vpc prod"
vpc "prod" {
  cidr_block = "10.0.0.0/16"
}
internet_gateway "a" {
  vpc = vpc.prod
}

internet_gateway "b" {
  vpc = vpc.prod
}
