security_group "web" {
  vpc = vpc.prod

  ingress {
    protocol    = "tcp"
    ports       = 443
    cidr_blocks = ["0.0.0.0/0"]
    description = "rewritten for review"
  }
  egress {
    protocol        = "tcp"
    ports           = 8080
    security_groups = [security_group.app]
    description = "rewritten for review"
  }
  egress {
    protocol    = "tcp"
    ports       = 443
    cidr_blocks = ["0.0.0.0/0"]
    description = "rewritten for review"
  }
}
