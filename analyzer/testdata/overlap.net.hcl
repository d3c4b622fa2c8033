# Two VPCs with the same block, never connected: addresses repeat, and only
# the ENI that logged a flow says which VPC it happened in. Blue admits SSH
# from inside, green only HTTPS.
vpc "blue" {
  cidr_block = "10.20.0.0/16"
  region     = "eu-west-1"
}

vpc "green" {
  cidr_block = "10.20.0.0/16"
  region     = "eu-west-1"
}

subnet "blue-a" {
  vpc        = vpc.blue
  cidr_block = "10.20.1.0/24"
  az         = "eu-west-1a"
}

subnet "green-a" {
  vpc        = vpc.green
  cidr_block = "10.20.1.0/24"
  az         = "eu-west-1a"
}

security_group "blue" {
  vpc = vpc.blue
  ingress {
    protocol    = "tcp"
    ports       = 22
    cidr_blocks = ["10.20.0.0/16"]
  }
  egress {
    protocol    = "all"
    cidr_blocks = ["0.0.0.0/0"]
  }
}

security_group "green" {
  vpc = vpc.green
  ingress {
    protocol    = "tcp"
    ports       = 443
    cidr_blocks = ["10.20.0.0/16"]
  }
  egress {
    protocol    = "all"
    cidr_blocks = ["0.0.0.0/0"]
  }
}

instance "blue-1" {
  subnet          = subnet.blue-a
  private_ip      = "10.20.1.10"
  security_groups = [security_group.blue]
}

instance "blue-2" {
  subnet          = subnet.blue-a
  private_ip      = "10.20.1.20"
  security_groups = [security_group.blue]
}

instance "green-1" {
  subnet          = subnet.green-a
  private_ip      = "10.20.1.10"
  security_groups = [security_group.green]
}

instance "green-2" {
  subnet          = subnet.green-a
  private_ip      = "10.20.1.20"
  security_groups = [security_group.green]
}
