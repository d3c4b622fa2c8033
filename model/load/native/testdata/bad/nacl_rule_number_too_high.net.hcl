# want 7:3 "rule number 32767 is outside 1-32766"
vpc "prod" {
  cidr_block = "10.0.0.0/16"
}
network_acl "app" {
  vpc = vpc.prod
  egress {
    rule       = 32767
    action     = "deny"
    protocol   = "all"
    cidr_block = "0.0.0.0/0"
  }
}
