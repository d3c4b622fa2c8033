# want 9:19 "ports must be between 0 and 65535"
vpc "prod" {
  cidr_block = "10.0.0.0/16"
}
security_group "web" {
  vpc = vpc.prod
  ingress {
    protocol    = "udp"
    ports       = 65536
    cidr_blocks = ["0.0.0.0/0"]
  }
}
