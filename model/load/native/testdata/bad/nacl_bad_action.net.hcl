# want 9:18 "invalid action \"permit\""
vpc "prod" {
  cidr_block = "10.0.0.0/16"
}
network_acl "app" {
  vpc = vpc.prod
  ingress {
    rule       = 100
    action     = "permit"
    protocol   = "all"
    cidr_block = "0.0.0.0/0"
  }
}
