vpc "prod" {
  cidr_block = "10.0.0.0/16"
}

subnet "lb" {
  vpc        = vpc.prod
  cidr_block = "10.0.0.0/24"
  az         = "eu-west-1a"
}

subnet "app" {
  vpc        = vpc.prod
  cidr_block = "10.0.1.0/24"
  az         = "eu-west-1a"
}

subnet "clients" {
  vpc        = vpc.prod
  cidr_block = "10.0.2.0/24"
  az         = "eu-west-1a"
}

# Admits only the load balancer's subnet: the classic mistake with a
# Network Load Balancer, whose instance targets see the client's address.
security_group "lb-only" {
  vpc = vpc.prod
  ingress {
    protocol    = "tcp"
    ports       = 8080
    cidr_blocks = ["10.0.0.0/24"]
  }
}

security_group "vpc-wide" {
  vpc = vpc.prod
  ingress {
    protocol    = "tcp"
    ports       = "8080-8081"
    cidr_blocks = ["10.0.0.0/16"]
  }
}

load_balancer "api" {
  type     = "network"
  internal = true
  subnets  = [subnet.lb]
}

lb_listener "tcp" {
  load_balancer = load_balancer.api
  protocol      = "TCP"
  port          = 80
  target_groups = [lb_target_group.instances]
}

lb_listener "ip" {
  load_balancer = load_balancer.api
  protocol      = "TCP"
  port          = 81
  target_groups = [lb_target_group.addresses]
}

lb_target_group "instances" {
  vpc      = vpc.prod
  protocol = "TCP"
  port     = 8080
  # want lb-target-unreachable "cannot reach target instance blocked-1 (10.0.1.10:8080)"
  targets = [instance.blocked-1,
    # silent: ok-1 admits the whole VPC, clients included
  instance.ok-1]
}

# ip targets of a TCP group do not preserve client IPs by default: the
# target sees the node's address, which group lb-only admits.
# silent: an ip target behind lb-only is reached from the node's address
lb_target_group "addresses" {
  vpc         = vpc.prod
  target_type = "ip"
  protocol    = "TCP"
  port        = 8080
  targets     = ["10.0.1.30"]
}

instance "blocked-1" {
  subnet          = subnet.app
  private_ip      = "10.0.1.10"
  security_groups = [security_group.lb-only]
}

instance "ok-1" {
  subnet          = subnet.app
  private_ip      = "10.0.1.20"
  security_groups = [security_group.vpc-wide]
}

instance "ip-1" {
  subnet          = subnet.app
  private_ip      = "10.0.1.30"
  security_groups = [security_group.lb-only]
}
