# want 12:3 "rule number 40000 is outside 1-32766"
# want 14:18 "invalid action \"permit\""
# want 16:18 "invalid ports"
# want 17:18 "invalid cidr_block"
# want 19:3 "rule number 0 is outside 1-32766"
# want 23:18 "invalid cidr_block"
vpc "prod" {
  cidr_block = "10.0.0.0/16"
}
network_acl "app" {
  vpc = vpc.prod
  ingress {
    rule       = 40000
    action     = "permit"
    protocol   = "tcp"
    ports      = "80-70"
    cidr_block = "10.0.0.0/33"
  }
  egress {
    rule       = 0
    action     = "allow"
    protocol   = "all"
    cidr_block = "bad"
  }
}
