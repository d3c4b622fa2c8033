# want 8:18 "rule must be a whole number"
vpc "prod" {
  cidr_block = "10.0.0.0/16"
}
network_acl "app" {
  vpc = vpc.prod
  ingress {
    rule       = 100.5
    action     = "allow"
    protocol   = "all"
    cidr_block = "0.0.0.0/0"
  }
}
