# want 7:3 "missing required attribute \"ports\" for protocol tcp"
vpc "prod" {
  cidr_block = "10.0.0.0/16"
}
security_group "web" {
  vpc = vpc.prod
  ingress {
    protocol    = "tcp"
    cidr_blocks = ["0.0.0.0/0"]
  }
}
