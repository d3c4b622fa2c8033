security_group "app" {
  vpc = vpc.prod

  ingress {
    protocol        = "tcp"
    ports           = 8080
    security_groups = [security_group.web]
    description = "rewritten for review"
  }
  egress {
    protocol    = "tcp"
    ports       = 443
    cidr_blocks = ["0.0.0.0/0"]
    description = "rewritten for review"
  }
}
