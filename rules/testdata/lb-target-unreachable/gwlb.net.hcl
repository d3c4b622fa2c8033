# A Gateway Load Balancer sends to its appliances in GENEVE (UDP 6081)
# from its nodes: the appliances' groups must admit it.
vpc "inspect" {
  cidr_block = "10.3.0.0/16"
}

subnet "gwlb" {
  vpc        = vpc.inspect
  cidr_block = "10.3.0.0/24"
  az         = "eu-west-1a"
}

subnet "appliances" {
  vpc        = vpc.inspect
  cidr_block = "10.3.1.0/24"
  az         = "eu-west-1a"
}

security_group "tcp-only" {
  vpc = vpc.inspect
  ingress {
    protocol    = "tcp"
    ports       = 6081
    cidr_blocks = ["10.3.0.0/24"]
  }
}

security_group "geneve" {
  vpc = vpc.inspect
  ingress {
    protocol    = "udp"
    ports       = 6081
    cidr_blocks = ["10.3.0.0/24"]
  }
}

load_balancer "gwlb" {
  type    = "gateway"
  subnets = [subnet.gwlb]
}

lb_listener "all" {
  load_balancer = load_balancer.gwlb
  port          = 6081
  target_groups = [lb_target_group.appliances]
}

lb_target_group "appliances" {
  vpc         = vpc.inspect
  protocol    = "GENEVE"
  port        = 6081
  # want lb-target-unreachable "cannot reach target instance fw-1 (10.3.1.10:6081) of target group appliances on udp 6081"
  targets = [instance.fw-1,
    # silent: fw-2's group admits GENEVE from the load balancer's subnet
  instance.fw-2]
}

instance "fw-1" {
  subnet          = subnet.appliances
  private_ip      = "10.3.1.10"
  security_groups = [security_group.tcp-only]
}

instance "fw-2" {
  subnet          = subnet.appliances
  private_ip      = "10.3.1.20"
  security_groups = [security_group.geneve]
}

# The endpoint the spokes route to, tied to the load balancer.
vpc_endpoint "inspect" {
  vpc           = vpc.inspect
  type          = "GatewayLoadBalancer"
  service       = "com.amazonaws.vpce.eu-west-1.vpce-svc-0123456789abcdef0"
  subnets       = [subnet.gwlb]
  load_balancer = load_balancer.gwlb
}
