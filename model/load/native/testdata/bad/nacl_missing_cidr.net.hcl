# want 7:3 "missing required attribute \"cidr_block\""
vpc "prod" {
  cidr_block = "10.0.0.0/16"
}
network_acl "app" {
  vpc = vpc.prod
  ingress {
    rule     = 100
    action   = "allow"
    protocol = "all"
  }
}
