vpc "prod" {
  cidr_block = "10.0.0.0/16"
}

subnet "app" {
  vpc        = vpc.prod
  cidr_block = "10.0.1.0/24"
}

security_group "prod-default" {
  vpc     = vpc.prod
  default = true

  # silent: AWS's own default rules
  ingress {
    protocol = "all"
    self     = true
  }
  egress {
    protocol    = "all"
    cidr_blocks = ["0.0.0.0/0"]
  }
  ingress { # want default-sg-open "default security group prod-default of vpc prod has an extra ingress rule: tcp 22 from 0.0.0.0/0"
    protocol    = "tcp"
    ports       = 22
    cidr_blocks = ["0.0.0.0/0"]
  }
}

security_group "app" {
  vpc = vpc.prod
}

# silent: an instance with its own group
instance "app-1" {
  subnet          = subnet.app
  private_ip      = "10.0.1.10"
  security_groups = [security_group.app]
}

instance "lazy" { # want default-sg-open "instance lazy uses the default security group of vpc prod"
  subnet          = subnet.app
  private_ip      = "10.0.1.11"
  security_groups = [security_group.prod-default]
}
