# want 11:18 "port range \"5-3\""
vpc "prod" {
  cidr_block = "10.0.0.0/16"
}
network_acl "app" {
  vpc = vpc.prod
  egress {
    rule       = 100
    action     = "allow"
    protocol   = "tcp"
    ports      = "5-3"
    cidr_block = "0.0.0.0/0"
  }
}
