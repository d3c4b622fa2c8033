# A public Network Load Balancer forwards the internet to private
# instances with the clients' addresses: the instances' world-open rules
# are exposed through the listener although the instances have no public
# address.
vpc "lbvpc" {
  cidr_block = "10.50.0.0/16"
}

internet_gateway "lbvpc" {
  vpc = vpc.lbvpc
}

subnet "lb-public" {
  vpc        = vpc.lbvpc
  cidr_block = "10.50.0.0/24"
  az         = "eu-west-1a"
}

subnet "lb-private" {
  vpc        = vpc.lbvpc
  cidr_block = "10.50.10.0/24"
  az         = "eu-west-1a"
}

route_table "lb-public" {
  vpc     = vpc.lbvpc
  subnets = [subnet.lb-public]
  route {
    destination = "0.0.0.0/0"
    target      = internet_gateway.lbvpc
  }
}

security_group "ssh-world" {
  vpc = vpc.lbvpc
  # want sg-world-exposed "through load_balancer ops listener tcp 2222"
  ingress {
    protocol    = "tcp"
    ports       = 22
    cidr_blocks = ["0.0.0.0/0"]
  }
  # silent: port 8443 is behind the https listener on 443, a public web service
  ingress {
    protocol    = "tcp"
    ports       = 8443
    cidr_blocks = ["0.0.0.0/0"]
  }
  # silent: no listener forwards to 9000
  ingress {
    protocol    = "tcp"
    ports       = 9000
    cidr_blocks = ["0.0.0.0/0"]
  }
}

load_balancer "ops" {
  type               = "network"
  subnets            = [subnet.lb-public]
  network_interfaces = [network_interface.ops-a]
}

network_interface "ops-a" {
  subnet      = subnet.lb-public
  private_ips = ["10.50.0.100"]
  public_ip   = "192.0.2.50"
  type        = "load_balancer"
}

lb_listener "ssh" {
  load_balancer = load_balancer.ops
  protocol      = "TCP"
  port          = 2222
  target_groups = [lb_target_group.ssh]
}

lb_listener "https" {
  load_balancer = load_balancer.ops
  protocol      = "TCP"
  port          = 443
  target_groups = [lb_target_group.web]
}

lb_target_group "ssh" {
  vpc      = vpc.lbvpc
  protocol = "TCP"
  port     = 22
  targets  = [instance.box-1]
}

lb_target_group "web" {
  vpc      = vpc.lbvpc
  protocol = "TCP"
  port     = 8443
  targets  = [instance.box-1]
}

instance "box-1" {
  subnet          = subnet.lb-private
  private_ip      = "10.50.10.10"
  security_groups = [security_group.ssh-world]
}
