# A subnet without a host is a source like any host (a hypothetical host):
# vpc a routes b's block over the peering, but b's route table has no
# route back, so b-1's replies to whatever is launched in a-app are lost.
# A peering needs a route on each side:
# https://docs.aws.amazon.com/vpc/latest/peering/vpc-peering-routing.html

vpc "a" {
  cidr_block = "10.71.0.0/16"
}

subnet "a-app" {
  vpc        = vpc.a
  cidr_block = "10.71.1.0/24"
  az         = "us-east-1a"
}

vpc "b" {
  cidr_block = "10.72.0.0/16"
}

subnet "b-app" {
  vpc        = vpc.b
  cidr_block = "10.72.1.0/24"
  az         = "us-east-1a"
}

peering_connection "a-b" {
  requester = vpc.a
  accepter  = vpc.b
}

route_table "a" {
  vpc     = vpc.a
  subnets = [subnet.a-app]
  route {
    destination = "10.72.0.0/16"
    target      = peering_connection.a-b
  }
}

route_table "b" { # want asymmetric-routing "requests from subnet a-app reach instance b-1 in subnet b-app, but its replies to 10.71.1.4/32 have no way back"
  vpc     = vpc.b
  subnets = [subnet.b-app]
}

security_group "b" {
  vpc = vpc.b
  ingress {
    protocol    = "tcp"
    ports       = 443
    cidr_blocks = ["10.71.0.0/16"]
  }
}

instance "b-1" {
  subnet          = subnet.b-app
  private_ip      = "10.72.1.10"
  security_groups = [security_group.b]
}
