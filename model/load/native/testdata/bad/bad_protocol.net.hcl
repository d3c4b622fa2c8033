# want 8:19 "protocol \"tcpp\" is not tcp"
vpc "prod" {
  cidr_block = "10.0.0.0/16"
}
security_group "web" {
  vpc = vpc.prod
  egress {
    protocol    = "tcpp"
    ports       = 443
    cidr_blocks = ["0.0.0.0/0"]
  }
}
