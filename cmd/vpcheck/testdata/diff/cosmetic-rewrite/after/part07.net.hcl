internet_gateway "prod" {
  vpc = vpc.prod
}
