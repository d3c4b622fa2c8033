# want 7:3 "rule number 0 is outside 1-32766"
vpc "prod" {
  cidr_block = "10.0.0.0/16"
}
network_acl "app" {
  vpc = vpc.prod
  ingress {
    rule       = 0
    action     = "allow"
    protocol   = "all"
    cidr_block = "0.0.0.0/0"
  }
}
