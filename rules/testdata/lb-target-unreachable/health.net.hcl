vpc "hc" {
  cidr_block = "10.2.0.0/16"
}

subnet "lb" {
  vpc        = vpc.hc
  cidr_block = "10.2.0.0/24"
  az         = "eu-west-1a"
}

subnet "app" {
  vpc        = vpc.hc
  cidr_block = "10.2.1.0/24"
  az         = "eu-west-1a"
}

security_group "alb" {
  vpc = vpc.hc
  ingress {
    protocol    = "tcp"
    ports       = 443
    cidr_blocks = ["10.2.0.0/16"]
  }
  egress {
    protocol    = "tcp"
    ports       = "8080-8081"
    cidr_blocks = ["10.2.0.0/16"]
  }
}

# Admits the traffic port only, not the health check port.
security_group "app" {
  vpc = vpc.hc
  ingress {
    protocol        = "tcp"
    ports           = 8080
    security_groups = [security_group.alb]
  }
}

load_balancer "hc" {
  internal        = true
  subnets         = [subnet.lb]
  security_groups = [security_group.alb]
}

lb_listener "https" {
  load_balancer = load_balancer.hc
  protocol      = "HTTPS"
  port          = 443
  target_groups = [lb_target_group.app]
}

lb_target_group "app" {
  vpc               = vpc.hc
  protocol          = "HTTP"
  port              = 8080
  health_check_port = 8081
  # want lb-target-unreachable "the health checks of load balancer hc cannot reach target instance app-1 (10.2.1.10:8080) of target group app on tcp 8081"
  targets = [instance.app-1]
}

instance "app-1" {
  subnet          = subnet.app
  private_ip      = "10.2.1.10"
  security_groups = [security_group.app]
}
