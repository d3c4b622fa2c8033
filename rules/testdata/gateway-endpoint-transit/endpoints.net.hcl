vpc "data" {
  cidr_block = "10.70.0.0/16"
}

vpc "analytics" {
  cidr_block = "10.71.0.0/16"
}

prefix_list "s3" {
  aws_managed = true
  aws_id      = "pl-63a5400a"
  entries     = ["52.216.0.0/15"]
}

prefix_list "dynamodb" {
  aws_managed = true
  entries     = ["3.218.180.0/22"]
}

prefix_list "partners" {
  entries = ["198.18.0.0/15"]
}

route_table "data" {
  vpc = vpc.data
}

vpc_endpoint "s3" {
  vpc          = vpc.data
  service      = "com.amazonaws.us-east-1.s3"
  route_tables = [route_table.data]
  prefix_list  = prefix_list.s3
}

peering_connection "analytics-data" {
  requester = vpc.analytics
  accepter  = vpc.data
}

subnet "analytics" {
  vpc        = vpc.analytics
  cidr_block = "10.71.1.0/24"
}

transit_gateway "core" {}

transit_gateway_attachment "analytics" {
  transit_gateway = transit_gateway.core
  vpc             = vpc.analytics
  subnets         = [subnet.analytics]
}

route_table "notebooks" {
  vpc     = vpc.analytics
  subnets = [subnet.analytics]

  route { # want gateway-endpoint-transit "sends prefix list s3 (pl-63a5400a) into peering connection analytics-data, expecting vpc data's gateway endpoint s3"
    destination_prefix_list = prefix_list.s3
    target                  = peering_connection.analytics-data
  }
  route { # want gateway-endpoint-transit "prefix list dynamodb into transit gateway core"
    destination_prefix_list = prefix_list.dynamodb
    target                  = transit_gateway.core
  }
  # silent: a customer prefix list over the peering is ordinary routing
  route {
    destination_prefix_list = prefix_list.partners
    target                  = peering_connection.analytics-data
  }
}

# silent: the VPC's own gateway endpoint route (added by vpcheck from the endpoint)
route_table "data-b" {
  vpc = vpc.data
}

vpc_endpoint "s3-b" {
  vpc          = vpc.data
  service      = "com.amazonaws.us-east-1.s3"
  route_tables = [route_table.data-b]
  prefix_list  = prefix_list.s3
}
