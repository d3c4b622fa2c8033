# Distributed inspection with a Gateway Load Balancer: the internet
# gateway's edge route table sends each public subnet's block to the
# GWLB endpoint of its zone, each public subnet's default route goes to
# it, and the endpoint subnets route to the internet gateway. The
# endpoints reach the appliances of a Gateway Load Balancer in a security
# VPC through its endpoint service. See
# https://docs.aws.amazon.com/elasticloadbalancing/latest/gateway/introduction.html
# https://docs.aws.amazon.com/vpc/latest/privatelink/create-gateway-load-balancer-endpoint-service.html
#
# Zone a's appliance admits GENEVE (UDP 6081) from the load balancer's
# subnets; zone b's admits TCP only, and cross-zone load balancing is off:
# the zone b endpoint has no appliance to send to.

vpc "app" {
  cidr_block = "10.60.0.0/16"
  region     = "eu-west-1"
  account    = "111122223333"
}

subnet "gwlbe-a" {
  vpc        = vpc.app
  cidr_block = "10.60.0.0/28"
  az         = "eu-west-1a"
}

subnet "gwlbe-b" {
  vpc        = vpc.app
  cidr_block = "10.60.0.16/28"
  az         = "eu-west-1b"
}

subnet "public-a" {
  vpc        = vpc.app
  cidr_block = "10.60.1.0/24"
  az         = "eu-west-1a"
}

subnet "public-b" {
  vpc        = vpc.app
  cidr_block = "10.60.2.0/24"
  az         = "eu-west-1b"
}

internet_gateway "app" {
  vpc = vpc.app
}

route_table "igw-edge" {
  vpc      = vpc.app
  gateways = [internet_gateway.app]

  route {
    destination = "10.60.1.0/24"
    target      = vpc_endpoint.inspect-a
  }
  route {
    destination = "10.60.2.0/24"
    target      = vpc_endpoint.inspect-b
  }
}

route_table "gwlbe" {
  vpc     = vpc.app
  subnets = [subnet.gwlbe-a, subnet.gwlbe-b]

  route {
    destination = "0.0.0.0/0"
    target      = internet_gateway.app
  }
}

route_table "public-a" {
  vpc     = vpc.app
  subnets = [subnet.public-a]

  route {
    destination = "0.0.0.0/0"
    target      = vpc_endpoint.inspect-a
  }
}

route_table "public-b" {
  vpc     = vpc.app
  subnets = [subnet.public-b]

  route {
    destination = "0.0.0.0/0"
    target      = vpc_endpoint.inspect-b
  }
}

vpc_endpoint "inspect-a" {
  vpc           = vpc.app
  type          = "GatewayLoadBalancer"
  service       = "com.amazonaws.vpce.eu-west-1.vpce-svc-0123456789abcdef0"
  subnets       = [subnet.gwlbe-a]
  load_balancer = load_balancer.appliances
  aws_id        = "vpce-0a1b2c3d4e5f6a001"
}

vpc_endpoint "inspect-b" {
  vpc           = vpc.app
  type          = "GatewayLoadBalancer"
  service       = "com.amazonaws.vpce.eu-west-1.vpce-svc-0123456789abcdef0"
  subnets       = [subnet.gwlbe-b]
  load_balancer = load_balancer.appliances
  aws_id        = "vpce-0a1b2c3d4e5f6b001"
}

security_group "web" {
  vpc = vpc.app
  ingress {
    protocol    = "tcp"
    ports       = 443
    cidr_blocks = ["0.0.0.0/0"]
  }
  egress {
    protocol    = "all"
    cidr_blocks = ["0.0.0.0/0"]
  }
}

instance "web-a" {
  subnet          = subnet.public-a
  private_ip      = "10.60.1.10"
  public_ip       = "203.0.113.61"
  security_groups = [security_group.web]
}

instance "web-b" {
  subnet          = subnet.public-b
  private_ip      = "10.60.2.10"
  public_ip       = "203.0.113.62"
  security_groups = [security_group.web]
}

# The security VPC: the Gateway Load Balancer and its appliances.
vpc "security" {
  cidr_block = "10.61.0.0/16"
  region     = "eu-west-1"
  account    = "111122223333"
}

subnet "lb-a" {
  vpc        = vpc.security
  cidr_block = "10.61.0.0/24"
  az         = "eu-west-1a"
}

subnet "lb-b" {
  vpc        = vpc.security
  cidr_block = "10.61.1.0/24"
  az         = "eu-west-1b"
}

route_table "security" {
  vpc     = vpc.security
  subnets = [subnet.lb-a, subnet.lb-b]
}

security_group "geneve" {
  vpc = vpc.security
  ingress {
    protocol    = "udp"
    ports       = 6081
    cidr_blocks = ["10.61.0.0/16"]
  }
}

security_group "tcp-only" {
  vpc = vpc.security
  ingress {
    protocol    = "tcp"
    ports       = 6081
    cidr_blocks = ["10.61.0.0/16"]
  }
}

load_balancer "appliances" {
  type    = "gateway"
  subnets = [subnet.lb-a, subnet.lb-b]
}

lb_listener "all" {
  load_balancer = load_balancer.appliances
  port          = 6081
  target_groups = [lb_target_group.appliances]
}

lb_target_group "appliances" {
  vpc      = vpc.security
  protocol = "GENEVE"
  port     = 6081
  targets  = [instance.fw-a, instance.fw-b]
}

instance "fw-a" {
  subnet          = subnet.lb-a
  private_ip      = "10.61.0.100"
  security_groups = [security_group.geneve]
}

instance "fw-b" {
  subnet          = subnet.lb-b
  private_ip      = "10.61.1.100"
  security_groups = [security_group.tcp-only]
}
