# want 7:3 "egress rule has no peer"
vpc "prod" {
  cidr_block = "10.0.0.0/16"
}
security_group "web" {
  vpc = vpc.prod
  egress {
    protocol = "all"
  }
}
