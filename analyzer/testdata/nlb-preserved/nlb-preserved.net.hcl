# An internet-facing Network Load Balancer with instance targets: the
# targets see the clients' own addresses (client IP preservation), answer
# them, and AWS takes the replies back through the node. Cross-zone load
# balancing is off, so each node forwards to its own zone's target.
# srv-a's subnet ACL lets replies out only to the VPC (fine for a load
# balancer that rewrites the source, not for one that preserves it): the
# reply to an internet client is dropped leaving srv-a's subnet. srv-b's
# subnet lets replies out to anyone.
# https://docs.aws.amazon.com/elasticloadbalancing/latest/network/edit-target-group-attributes.html#client-ip-preservation
vpc "web" {
  cidr_block = "10.50.0.0/16"
}

internet_gateway "web" {
  vpc = vpc.web
}

subnet "lb-a" {
  vpc        = vpc.web
  cidr_block = "10.50.0.0/24"
  az         = "eu-west-1a"
}

subnet "lb-b" {
  vpc        = vpc.web
  cidr_block = "10.50.1.0/24"
  az         = "eu-west-1b"
}

subnet "srv-a" {
  vpc        = vpc.web
  cidr_block = "10.50.10.0/24"
  az         = "eu-west-1a"
}

subnet "srv-b" {
  vpc        = vpc.web
  cidr_block = "10.50.11.0/24"
  az         = "eu-west-1b"
}

route_table "public" {
  vpc     = vpc.web
  subnets = [subnet.lb-a, subnet.lb-b]
  route {
    destination = "0.0.0.0/0"
    target      = internet_gateway.web
  }
}

# The targets' subnets have no route to the internet: the replies go
# back through the load balancer.
route_table "private" {
  vpc     = vpc.web
  subnets = [subnet.srv-a, subnet.srv-b]
}

network_acl "srv-a" {
  vpc     = vpc.web
  subnets = [subnet.srv-a]
  ingress {
    rule       = 100
    action     = "allow"
    protocol   = "tcp"
    ports      = 8080
    cidr_block = "0.0.0.0/0"
  }
  egress {
    rule       = 100
    action     = "allow"
    protocol   = "tcp"
    ports      = "1024-65535"
    cidr_block = "10.50.0.0/16"
  }
}

network_acl "srv-b" {
  vpc     = vpc.web
  subnets = [subnet.srv-b]
  ingress {
    rule       = 100
    action     = "allow"
    protocol   = "tcp"
    ports      = 8080
    cidr_block = "0.0.0.0/0"
  }
  egress {
    rule       = 100
    action     = "allow"
    protocol   = "tcp"
    ports      = "1024-65535"
    cidr_block = "0.0.0.0/0"
  }
}

security_group "srv" {
  vpc = vpc.web
  ingress {
    protocol    = "tcp"
    ports       = 8080
    cidr_blocks = ["0.0.0.0/0"]
  }
}

load_balancer "web" {
  type    = "network"
  subnets = [subnet.lb-a, subnet.lb-b]
}

lb_listener "tcp" {
  load_balancer = load_balancer.web
  protocol      = "TCP"
  port          = 80
  target_groups = [lb_target_group.srv]
}

lb_target_group "srv" {
  vpc      = vpc.web
  protocol = "TCP"
  port     = 8080
  targets  = [instance.srv-a, instance.srv-b]
}

instance "srv-a" {
  subnet          = subnet.srv-a
  private_ip      = "10.50.10.10"
  security_groups = [security_group.srv]
}

instance "srv-b" {
  subnet          = subnet.srv-b
  private_ip      = "10.50.11.10"
  security_groups = [security_group.srv]
}
