# want 9:19 "icmp_type must be between -1 and 255"
vpc "prod" {
  cidr_block = "10.0.0.0/16"
}
security_group "web" {
  vpc = vpc.prod
  ingress {
    protocol    = "icmp"
    icmp_type   = 300
    cidr_blocks = ["0.0.0.0/0"]
  }
}
