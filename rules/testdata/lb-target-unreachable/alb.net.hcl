vpc "web" {
  cidr_block = "10.1.0.0/16"
}

subnet "lb" {
  vpc        = vpc.web
  cidr_block = "10.1.0.0/24"
  az         = "eu-west-1a"
}

subnet "app" {
  vpc        = vpc.web
  cidr_block = "10.1.1.0/24"
  az         = "eu-west-1a"
}

# The load balancer's own group lets out only 9000: an ALB connects to its
# targets from its nodes, through this group.
security_group "alb" {
  vpc = vpc.web
  ingress {
    protocol    = "tcp"
    ports       = 443
    cidr_blocks = ["10.1.0.0/16"]
  }
  egress {
    protocol    = "tcp"
    ports       = 9000
    cidr_blocks = ["10.1.0.0/16"]
  }
}

security_group "app" {
  vpc = vpc.web
  ingress {
    protocol        = "tcp"
    ports           = "8080-9000"
    security_groups = [security_group.alb]
  }
}

load_balancer "web" {
  internal        = true
  subnets         = [subnet.lb]
  security_groups = [security_group.alb]
}

lb_listener "https" {
  load_balancer = load_balancer.web
  protocol      = "HTTPS"
  port          = 443
  target_groups = [lb_target_group.app, lb_target_group.admin]
}

lb_target_group "app" {
  vpc      = vpc.web
  protocol = "HTTP"
  port     = 8080
  # want lb-target-unreachable "security group egress of load_balancer web"
  targets = [instance.app-1]
}

# The weighted forward's second group is on 9000, which group alb lets out.
# silent: the same instance on port 9000
lb_target_group "admin" {
  vpc      = vpc.web
  protocol = "HTTP"
  port     = 9000
  targets  = [instance.app-1]
}

instance "app-1" {
  subnet          = subnet.app
  private_ip      = "10.1.1.10"
  security_groups = [security_group.app]
}
