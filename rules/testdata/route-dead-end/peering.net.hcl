# Peering needs a route on each side: a route into the peering whose far
# side has no route back delivers packets that are never answered.
# https://docs.aws.amazon.com/vpc/latest/peering/vpc-peering-routing.html

vpc "apps" {
  cidr_block = "10.10.0.0/16"
}

subnet "apps" {
  vpc        = vpc.apps
  cidr_block = "10.10.1.0/24"
}

vpc "data" {
  cidr_block = "10.20.0.0/16"
}

subnet "data" {
  vpc        = vpc.data
  cidr_block = "10.20.1.0/24"
}

vpc "logs" {
  cidr_block = "10.30.0.0/16"
}

subnet "logs" {
  vpc        = vpc.logs
  cidr_block = "10.30.1.0/24"
}

peering_connection "apps-data" {
  requester = vpc.apps
  accepter  = vpc.data
}

peering_connection "apps-logs" {
  requester = vpc.apps
  accepter  = vpc.logs
}

route_table "apps" {
  vpc     = vpc.apps
  subnets = [subnet.apps]
  route { # want route-dead-end "route 10.20.0.0/16 → peering connection apps-data in route table apps reaches subnets that have no route back: subnet data (NO_ROUTE"
    destination = "10.20.0.0/16"
    target      = peering_connection.apps-data
  }
  # silent: logs routes back.
  route {
    destination = "10.30.0.0/16"
    target      = peering_connection.apps-logs
  }
}

route_table "data" {
  vpc     = vpc.data
  subnets = [subnet.data]
}

route_table "logs" {
  vpc     = vpc.logs
  subnets = [subnet.logs]
  route {
    destination = "10.10.0.0/16"
    target      = peering_connection.apps-logs
  }
}
