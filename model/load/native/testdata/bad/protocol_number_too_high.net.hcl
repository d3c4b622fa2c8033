# want 10:18 "protocol \"256\" is not tcp"
vpc "prod" {
  cidr_block = "10.0.0.0/16"
}
network_acl "app" {
  vpc = vpc.prod
  ingress {
    rule       = 100
    action     = "allow"
    protocol   = 256
    cidr_block = "0.0.0.0/0"
  }
}
