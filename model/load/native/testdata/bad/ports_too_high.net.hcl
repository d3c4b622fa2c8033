# want 9:19 "port range \"70000\""
vpc "prod" {
  cidr_block = "10.0.0.0/16"
}
security_group "web" {
  vpc = vpc.prod
  ingress {
    protocol    = "tcp"
    ports       = "70000"
    cidr_blocks = ["0.0.0.0/0"]
  }
}
