# An internal Network Load Balancer in a provider VPC, used from a peered
# consumer VPC, with an instance target group (client IPs preserved) and an
# ip target group whose target is in the consumer VPC (zone "all").
vpc "provider" {
  cidr_block = "10.60.0.0/16"
}

vpc "consumer" {
  cidr_block = "10.61.0.0/16"
}

peering_connection "consumer-provider" {
  requester = vpc.consumer
  accepter  = vpc.provider
}

subnet "nlb-a" {
  vpc        = vpc.provider
  cidr_block = "10.60.0.0/24"
  az         = "eu-west-1a"
}

subnet "srv-a" {
  vpc        = vpc.provider
  cidr_block = "10.60.10.0/24"
  az         = "eu-west-1a"
}

subnet "client-b" {
  vpc        = vpc.consumer
  cidr_block = "10.61.1.0/24"
  az         = "eu-west-1b"
}

route_table "provider" {
  vpc     = vpc.provider
  subnets = [subnet.nlb-a, subnet.srv-a]
  route {
    destination = "10.61.0.0/16"
    target      = peering_connection.consumer-provider
  }
}

route_table "consumer" {
  vpc     = vpc.consumer
  subnets = [subnet.client-b]
  route {
    destination = "10.60.0.0/16"
    target      = peering_connection.consumer-provider
  }
}

security_group "srv" {
  vpc = vpc.provider
  ingress {
    protocol    = "tcp"
    ports       = 8080
    cidr_blocks = ["10.61.0.0/16"]
  }
}

security_group "client" {
  vpc = vpc.consumer
  ingress {
    protocol    = "tcp"
    ports       = 9090
    cidr_blocks = ["10.60.0.0/24"]
  }
  egress {
    protocol    = "all"
    cidr_blocks = ["0.0.0.0/0"]
  }
}

load_balancer "svc" {
  type     = "network"
  internal = true
  subnets  = [subnet.nlb-a]
}

lb_listener "tcp" {
  load_balancer = load_balancer.svc
  protocol      = "TCP"
  port          = 80
  target_groups = [lb_target_group.inst]
}

lb_listener "back" {
  load_balancer = load_balancer.svc
  protocol      = "TCP"
  port          = 90
  target_groups = [lb_target_group.remote]
}

lb_target_group "inst" {
  vpc      = vpc.provider
  protocol = "TCP"
  port     = 8080
  targets  = [instance.srv-1]
}

lb_target_group "remote" {
  vpc         = vpc.provider
  target_type = "ip"
  protocol    = "TCP"
  port        = 9090
  targets     = ["10.61.1.20"]
}

instance "srv-1" {
  subnet          = subnet.srv-a
  private_ip      = "10.60.10.10"
  security_groups = [security_group.srv]
}

instance "client-1" {
  subnet          = subnet.client-b
  private_ip      = "10.61.1.10"
  security_groups = [security_group.client]
}

instance "remote-1" {
  subnet          = subnet.client-b
  private_ip      = "10.61.1.20"
  security_groups = [security_group.client]
}
