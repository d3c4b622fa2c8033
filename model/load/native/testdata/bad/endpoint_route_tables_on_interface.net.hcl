# want 9:3 "route_tables applies only to Gateway endpoints"
vpc "prod" {
  cidr_block = "10.0.0.0/16"
}
vpc_endpoint "sqs" {
  vpc          = vpc.prod
  type         = "Interface"
  service      = "com.amazonaws.eu-west-1.sqs"
  route_tables = []
}
