# want 14:17 "private_ips has 2 addresses for 1 subnets"
vpc "prod" {
  cidr_block = "10.0.0.0/16"
}
subnet "app-a" {
  vpc        = vpc.prod
  cidr_block = "10.0.1.0/24"
}
vpc_endpoint "sqs" {
  vpc         = vpc.prod
  type        = "Interface"
  service     = "com.amazonaws.eu-west-1.sqs"
  subnets     = [subnet.app-a]
  private_ips = ["10.0.1.50", "10.0.1.51"]
}
