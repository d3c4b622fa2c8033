vpc "demo" {
  cidr_block = "10.10.0.0/16"
  region     = "eu-west-1"
}

subnet "web" {
  vpc                 = vpc.demo
  cidr_block          = "10.10.1.0/24"
  az                  = "eu-west-1a"
  public_ip_on_launch = true
}

subnet "app" {
  vpc        = vpc.demo
  cidr_block = "10.10.2.0/24"
  az         = "eu-west-1a"
}

internet_gateway "demo" {
  vpc = vpc.demo
}

elastic_ip "nat" {}

nat_gateway "nat" {
  subnet     = subnet.web
  elastic_ip = elastic_ip.nat
}

route_table "web" {
  vpc     = vpc.demo
  subnets = [subnet.web]
  route {
    destination = "0.0.0.0/0"
    target      = internet_gateway.demo
  }
}

route_table "app" {
  vpc     = vpc.demo
  subnets = [subnet.app]
  route {
    destination = "0.0.0.0/0"
    target      = nat_gateway.nat
  }
}

security_group "web" {
  vpc = vpc.demo
  ingress {
    protocol    = "tcp"
    ports       = 443
    cidr_blocks = ["0.0.0.0/0"]
  }
  egress {
    protocol        = "tcp"
    ports           = 8080
    security_groups = [security_group.app]
  }
}

security_group "app" {
  vpc = vpc.demo
  ingress {
    protocol        = "tcp"
    ports           = 8080
    security_groups = [security_group.web]
  }
  egress {
    protocol    = "tcp"
    ports       = 443
    cidr_blocks = ["0.0.0.0/0"]
  }
}

instance "web-1" {
  subnet          = subnet.web
  private_ip      = "10.10.1.10"
  security_groups = [security_group.web]
}

instance "app-1" {
  subnet          = subnet.app
  private_ip      = "10.10.2.10"
  security_groups = [security_group.app]
}
