vpc "prod" {
  cidr_block = "10.0.0.0/16"
}

subnet "tiny" {
  vpc        = vpc.prod
  cidr_block = "10.0.1.0/28" # want subnet-capacity "subnet tiny 10.0.1.0/28 has 11 usable addresses but 12 are assigned"
}

network_interface "pool" {
  subnet      = subnet.tiny
  private_ips = ["10.0.1.4", "10.0.1.5", "10.0.1.6", "10.0.1.7", "10.0.1.8", "10.0.1.9", "10.0.1.10", "10.0.1.11", "10.0.1.12", "10.0.1.13"]
}

instance "launch-assigned" {
  subnet = subnet.tiny
}

nat_gateway "nat" {
  subnet       = subnet.tiny
  connectivity = "private"
}

# silent: exactly full, 11 of 11
subnet "full" {
  vpc        = vpc.prod
  cidr_block = "10.0.2.0/28"
}

network_interface "full" {
  subnet      = subnet.full
  private_ips = ["10.0.2.4", "10.0.2.5", "10.0.2.6", "10.0.2.7", "10.0.2.8", "10.0.2.9", "10.0.2.10", "10.0.2.11", "10.0.2.12", "10.0.2.13", "10.0.2.14"]
}

subnet "attach" {
  vpc        = vpc.prod
  cidr_block = "10.0.3.0/28" # want subnet-capacity "12 are assigned"
}

network_interface "attach" {
  subnet      = subnet.attach
  private_ips = ["10.0.3.4", "10.0.3.5", "10.0.3.6", "10.0.3.7", "10.0.3.8", "10.0.3.9", "10.0.3.10", "10.0.3.11", "10.0.3.12", "10.0.3.13", "10.0.3.14"]
}

transit_gateway "core" {}

transit_gateway_attachment "prod" {
  transit_gateway = transit_gateway.core
  vpc             = vpc.prod
  subnets         = [subnet.attach]
}

# silent: a /24 with a few instances
subnet "roomy" {
  vpc        = vpc.prod
  cidr_block = "10.0.4.0/24"
}

instance "r1" {
  subnet = subnet.roomy
}
