# tgw-hub: a transit gateway hub with segmented route tables, centralized
# internet egress and a VPN to the data centre.
#
# What it models: four spoke VPCs on one transit gateway in us-east-1 —
# prod, dev, shared (services both environments use) and egress (NAT
# gateways that give every spoke its internet access) — plus a data centre
# over a BGP Site-to-Site VPN attached to the same transit gateway. Each
# attachment is associated with a route table of its own segment:
#
#   table    associated with   routes (propagated unless marked static)
#   prod     prod              shared, datacenter; 0.0.0.0/0 → egress (static);
#                              10.2.0.0/16 (dev) blackhole (static)
#   dev      dev               shared, datacenter; 0.0.0.0/0 → egress (static);
#                              10.1.0.0/16 (prod) blackhole (static)
#   shared   shared            prod, dev, datacenter; 0.0.0.0/0 → egress (static)
#   egress   egress            prod, dev, shared (the way back from the NATs)
#   onprem   datacenter VPN    prod, dev, shared
#
# prod and dev never learn each other's routes, and both reach shared and the
# data centre. The blackholes are not decoration: without them, dev traffic
# for prod would match dev's 0.0.0.0/0, go to the egress VPC, be translated
# by its NAT gateway, come back to the transit gateway through the egress
# VPC's 10.0.0.0/8 route, and reach prod through the egress table — a
# segmentation bypass through the shared egress path.
#
# What is wrong on purpose: nothing. This is the well-built hub; vpcheck must
# find the isolation intact.
#
# AWS documentation:
#   https://docs.aws.amazon.com/vpc/latest/tgw/how-transit-gateways-work.html
#   https://docs.aws.amazon.com/vpc/latest/tgw/transit-gateway-isolated-shared.html
#   https://docs.aws.amazon.com/vpc/latest/tgw/tgw-route-tables.html
#   https://docs.aws.amazon.com/whitepapers/latest/building-scalable-secure-multi-vpc-network-infrastructure/centralized-egress-to-internet.html
#   ("blackhole routes in the spoke route tables" keep spokes apart when
#   they share a default route to the egress VPC)
#
# Files: hub.net.hcl (transit gateway, its route tables and attachments),
# onprem.net.hcl (the VPN and the data centre), prod.net.hcl, dev.net.hcl,
# shared.net.hcl and egress.net.hcl (one VPC each).

transit_gateway "hub" {
  asn    = 64512
  region = "us-east-1"
  aws_id = "tgw-0a1b2c3d4e5f60201"
}

transit_gateway_route_table "prod" {
  transit_gateway = transit_gateway.hub

  route {
    destination = "0.0.0.0/0"
    attachment  = transit_gateway_attachment.egress
  }
  route {
    destination = "10.2.0.0/16"
    blackhole   = true
  }
}

transit_gateway_route_table "dev" {
  transit_gateway = transit_gateway.hub

  route {
    destination = "0.0.0.0/0"
    attachment  = transit_gateway_attachment.egress
  }
  route {
    destination = "10.1.0.0/16"
    blackhole   = true
  }
}

transit_gateway_route_table "shared" {
  transit_gateway = transit_gateway.hub

  route {
    destination = "0.0.0.0/0"
    attachment  = transit_gateway_attachment.egress
  }
}

# Only propagated routes: the way back to each spoke for traffic the NAT
# gateways return.
transit_gateway_route_table "egress" {
  transit_gateway = transit_gateway.hub
}

transit_gateway_route_table "onprem" {
  transit_gateway = transit_gateway.hub
}

# One attachment subnet per AZ the VPC uses: an attachment reaches only the
# AZs where it has a subnet.
transit_gateway_attachment "prod" {
  transit_gateway = transit_gateway.hub
  vpc             = vpc.prod
  subnets         = [subnet.prod-tgw-a, subnet.prod-tgw-b]
  association     = transit_gateway_route_table.prod
  propagations = [
    transit_gateway_route_table.shared,
    transit_gateway_route_table.egress,
    transit_gateway_route_table.onprem,
  ]
}

transit_gateway_attachment "dev" {
  transit_gateway = transit_gateway.hub
  vpc             = vpc.dev
  subnets         = [subnet.dev-tgw-a, subnet.dev-tgw-b]
  association     = transit_gateway_route_table.dev
  propagations = [
    transit_gateway_route_table.shared,
    transit_gateway_route_table.egress,
    transit_gateway_route_table.onprem,
  ]
}

transit_gateway_attachment "shared" {
  transit_gateway = transit_gateway.hub
  vpc             = vpc.shared
  subnets         = [subnet.shared-tgw-a, subnet.shared-tgw-b]
  association     = transit_gateway_route_table.shared
  propagations = [
    transit_gateway_route_table.prod,
    transit_gateway_route_table.dev,
    transit_gateway_route_table.egress,
    transit_gateway_route_table.onprem,
  ]
}

# The egress VPC's block is propagated nowhere: spokes reach it only through
# their static default routes.
transit_gateway_attachment "egress" {
  transit_gateway = transit_gateway.hub
  vpc             = vpc.egress
  subnets         = [subnet.egress-tgw-a, subnet.egress-tgw-b]
  association     = transit_gateway_route_table.egress
}

transit_gateway_attachment "datacenter-vpn" {
  transit_gateway = transit_gateway.hub
  vpn_connection  = vpn_connection.datacenter
  association     = transit_gateway_route_table.onprem
  propagations = [
    transit_gateway_route_table.prod,
    transit_gateway_route_table.dev,
    transit_gateway_route_table.shared,
  ]
}
