# An internal Network Load Balancer without security groups, cross-zone
# off, with an instance and an ip target group, and a UDP listener: the
# engines must agree on what its nodes accept (listener protocols and
# ports) and drop (LB_NO_LISTENER).
vpc "lbnet" {
  cidr_block = "10.40.0.0/16"
}

subnet "lb-a" {
  vpc        = vpc.lbnet
  cidr_block = "10.40.0.0/24"
  az         = "eu-west-1a"
}

subnet "lb-b" {
  vpc        = vpc.lbnet
  cidr_block = "10.40.1.0/24"
  az         = "eu-west-1b"
}

subnet "srv" {
  vpc        = vpc.lbnet
  cidr_block = "10.40.10.0/24"
  az         = "eu-west-1a"
}

security_group "srv" {
  vpc = vpc.lbnet

  ingress {
    protocol    = "tcp"
    ports       = "8000-8100"
    cidr_blocks = ["10.40.0.0/23"]
  }
  egress {
    protocol    = "all"
    cidr_blocks = ["0.0.0.0/0"]
  }
}

load_balancer "api" {
  type     = "network"
  internal = true
  subnets  = [subnet.lb-a, subnet.lb-b]
}

lb_listener "tcp" {
  load_balancer = load_balancer.api
  protocol      = "TCP"
  port          = 80
  target_groups = [lb_target_group.inst]
}

lb_listener "dns" {
  load_balancer = load_balancer.api
  protocol      = "TCP_UDP"
  port          = 53
  target_groups = [lb_target_group.ip]
}

lb_target_group "inst" {
  vpc      = vpc.lbnet
  protocol = "TCP"
  port     = 8080
  targets  = [instance.srv-1]
}

lb_target_group "ip" {
  vpc         = vpc.lbnet
  target_type = "ip"
  protocol    = "TCP_UDP"
  port        = 8053
  targets     = ["10.40.10.20"]
}

instance "srv-1" {
  subnet          = subnet.srv
  private_ip      = "10.40.10.10"
  security_groups = [security_group.srv]
}

instance "srv-2" {
  subnet          = subnet.srv
  private_ip      = "10.40.10.20"
  security_groups = [security_group.srv]
}
