# want 13:3 "two ingress rules numbered 100"
vpc "prod" {
  cidr_block = "10.0.0.0/16"
}
network_acl "app" {
  vpc = vpc.prod
  ingress {
    rule       = 100
    action     = "allow"
    protocol   = "all"
    cidr_block = "0.0.0.0/0"
  }
  ingress {
    rule       = 100
    action     = "deny"
    protocol   = "all"
    cidr_block = "10.0.0.0/8"
  }
}
