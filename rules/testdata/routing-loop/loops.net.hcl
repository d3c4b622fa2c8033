# A transit gateway sends 10.99.0.0/16, which exists nowhere, to the shared
# VPC, whose attachment subnets send 10.0.0.0/8 back to the transit gateway.
transit_gateway "hub" {}

transit_gateway_route_table "spokes" {
  transit_gateway = transit_gateway.hub

  route { # want routing-loop "routing loop for 10.99.0.0/16: transit gateway hub route table spokes → attachment shared → route table shared-tgw (vpc shared) → transit gateway hub → transit gateway hub route table spokes"
    destination = "10.99.0.0/16"
    attachment  = transit_gateway_attachment.shared
  }
}

vpc "shared" {
  cidr_block = "10.3.0.0/16"
}

subnet "shared-tgw" {
  vpc        = vpc.shared
  cidr_block = "10.3.0.0/28"
}

transit_gateway_attachment "shared" {
  transit_gateway = transit_gateway.hub
  vpc             = vpc.shared
  subnets         = [subnet.shared-tgw]
  association     = transit_gateway_route_table.spokes
  propagations    = [transit_gateway_route_table.spokes]
}

route_table "shared-tgw" {
  vpc     = vpc.shared
  subnets = [subnet.shared-tgw]
  route {
    destination = "10.0.0.0/8"
    target      = transit_gateway.hub
  }
}

# An appliance whose own subnet routes everything back to it.
vpc "edge" {
  cidr_block = "10.60.0.0/16"
}

subnet "fw" {
  vpc        = vpc.edge
  cidr_block = "10.60.0.0/24"
}

network_interface "fw" {
  subnet            = subnet.fw
  private_ips       = ["10.60.0.10"]
  source_dest_check = false
}

route_table "fw" {
  vpc     = vpc.edge
  subnets = [subnet.fw]
  route { # want routing-loop "routing loop for 0.0.0.0/0 except 10.60.0.0/16: route table fw (vpc edge) → network interface fw → route table fw (vpc edge)"
    destination = "0.0.0.0/0"
    target      = network_interface.fw
  }
}
