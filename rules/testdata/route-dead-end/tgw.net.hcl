# A hub-and-spoke transit gateway where the spokes propagate to a table
# named "workload" but are associated with "workloads" (the aws-ia
# hub-and-spoke mistake): the spokes' routes into the transit gateway
# reach a table with no route for the other spoke.
# https://docs.aws.amazon.com/vpc/latest/tgw/tgw-route-tables.html

vpc "spoke-a" {
  cidr_block = "10.1.0.0/16"
}

subnet "a-app" {
  vpc        = vpc.spoke-a
  cidr_block = "10.1.1.0/24"
  az         = "us-east-1a"
}

vpc "spoke-b" {
  cidr_block = "10.2.0.0/16"
}

subnet "b-app" {
  vpc        = vpc.spoke-b
  cidr_block = "10.2.1.0/24"
  az         = "us-east-1a"
}

vpc "shared" {
  cidr_block = "10.3.0.0/16"
}

subnet "shared-app" {
  vpc        = vpc.shared
  cidr_block = "10.3.1.0/24"
  az         = "us-east-1a"
}

transit_gateway "hub" {}

transit_gateway_route_table "workloads" {
  transit_gateway = transit_gateway.hub
}

transit_gateway_route_table "workload" {
  transit_gateway = transit_gateway.hub
}

transit_gateway_route_table "shared" {
  transit_gateway = transit_gateway.hub
}

transit_gateway_attachment "spoke-a" {
  transit_gateway = transit_gateway.hub
  vpc             = vpc.spoke-a
  subnets         = [subnet.a-app]
  association     = transit_gateway_route_table.workloads
  propagations    = [transit_gateway_route_table.workload, transit_gateway_route_table.shared]
}

transit_gateway_attachment "spoke-b" {
  transit_gateway = transit_gateway.hub
  vpc             = vpc.spoke-b
  subnets         = [subnet.b-app]
  association     = transit_gateway_route_table.workloads
  propagations    = [transit_gateway_route_table.workload, transit_gateway_route_table.shared]
}

transit_gateway_attachment "shared" {
  transit_gateway = transit_gateway.hub
  vpc             = vpc.shared
  subnets         = [subnet.shared-app]
  association     = transit_gateway_route_table.shared
  propagations    = [transit_gateway_route_table.workloads]
}

route_table "a-app" {
  vpc     = vpc.spoke-a
  subnets = [subnet.a-app]
  route { # want route-dead-end "route 10.2.0.0/16 → transit gateway hub in route table a-app delivers nothing: every packet it carries is dropped beyond the transit gateway (TGW_NO_ROUTE"
    destination = "10.2.0.0/16"
    target      = transit_gateway.hub
  }
  # silent: the shared VPC's route is propagated into "workloads", and the
  # shared VPC's table "shared" has the spokes' routes.
  route {
    destination = "10.3.0.0/16"
    target      = transit_gateway.hub
  }
}

route_table "b-app" {
  vpc     = vpc.spoke-b
  subnets = [subnet.b-app]
  route { # want route-dead-end "route 10.1.0.0/16 → transit gateway hub in route table b-app delivers nothing"
    destination = "10.1.0.0/16"
    target      = transit_gateway.hub
  }
  route {
    destination = "10.3.0.0/16"
    target      = transit_gateway.hub
  }
}

route_table "shared-app" {
  vpc     = vpc.shared
  subnets = [subnet.shared-app]
  route {
    destination = "10.0.0.0/8"
    target      = transit_gateway.hub
  }
}
