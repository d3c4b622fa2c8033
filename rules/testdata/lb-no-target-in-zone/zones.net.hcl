vpc "prod" {
  cidr_block = "10.0.0.0/16"
}

subnet "a" {
  vpc        = vpc.prod
  cidr_block = "10.0.0.0/24"
  az         = "eu-west-1a"
}

subnet "b" {
  vpc        = vpc.prod
  cidr_block = "10.0.1.0/24"
  az         = "eu-west-1b"
}

security_group "open" {
  vpc = vpc.prod
  ingress {
    protocol    = "tcp"
    ports       = 80
    cidr_blocks = ["10.0.0.0/16"]
  }
}

# want lb-no-target-in-zone "no target of target group one-zone in zone eu-west-1b"
load_balancer "api" {
  type     = "network"
  internal = true
  subnets  = [subnet.a, subnet.b]
}

lb_listener "api" {
  load_balancer = load_balancer.api
  protocol      = "TCP"
  port          = 80
  target_groups = [lb_target_group.one-zone]
}

lb_target_group "one-zone" {
  vpc      = vpc.prod
  protocol = "TCP"
  port     = 80
  targets  = [instance.app-a]
}

# Cross-zone on: the node in zone b forwards to zone a's target.
# silent: a zone without targets with cross-zone load balancing on
load_balancer "cross" {
  type       = "network"
  internal   = true
  subnets    = [subnet.a, subnet.b]
  cross_zone = true
}

lb_listener "cross" {
  load_balancer = load_balancer.cross
  protocol      = "TCP"
  port          = 80
  target_groups = [lb_target_group.one-zone-too]
}

lb_target_group "one-zone-too" {
  vpc      = vpc.prod
  protocol = "TCP"
  port     = 80
  targets  = [instance.app-a]
}

# silent: targets in both zones
load_balancer "both" {
  type     = "network"
  internal = true
  subnets  = [subnet.a, subnet.b]
}

lb_listener "both" {
  load_balancer = load_balancer.both
  protocol      = "TCP"
  port          = 80
  target_groups = [lb_target_group.two-zones]
}

lb_target_group "two-zones" {
  vpc      = vpc.prod
  protocol = "TCP"
  port     = 80
  targets  = [instance.app-a, instance.app-b]
}

# want lb-no-target-in-zone "has no registered target"
load_balancer "empty" {
  type     = "network"
  internal = true
  subnets  = [subnet.a]
}

lb_listener "empty" {
  load_balancer = load_balancer.empty
  protocol      = "TCP"
  port          = 80
  target_groups = [lb_target_group.none]
}

lb_target_group "none" {
  vpc      = vpc.prod
  protocol = "TCP"
  port     = 80
}

instance "app-a" {
  subnet          = subnet.a
  private_ip      = "10.0.0.10"
  security_groups = [security_group.open]
}

instance "app-b" {
  subnet          = subnet.b
  private_ip      = "10.0.1.10"
  security_groups = [security_group.open]
}
