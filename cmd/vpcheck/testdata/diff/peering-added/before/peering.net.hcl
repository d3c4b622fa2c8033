# peering-transit: three VPCs peered in a line, apps – shared – data, and
# routes written as if peering were transitive.
#
# What it models: the apps team needs the Postgres database in the data VPC.
# Both VPCs are already peered with the shared-services VPC, so instead of a
# third peering they add a route in apps for data's CIDR pointing at the
# apps–shared peering (and the data team adds the mirror route). AWS accepts
# both routes, and the traffic is dropped: a peering connection delivers
# only to addresses of the peer VPC itself, never onward through it.
#
# What is wrong on purpose: route table apps sends 10.30.0.0/16 (data) to
# peering apps-shared, and route table data sends 10.10.0.0/16 (apps) to
# peering shared-data. Neither destination belongs to the peer VPC.
#
# AWS documentation:
#   https://docs.aws.amazon.com/vpc/latest/peering/vpc-peering-basics.html
#   ("VPC peering limitations": transitive peering is not supported)
#   https://docs.aws.amazon.com/vpc/latest/peering/peering-configurations-full-access.html
#   ("Three VPCs peered together": the full mesh that does work)
#
# Files: peering.net.hcl (the peerings), apps.net.hcl, shared.net.hcl and
# data.net.hcl (one VPC each, with its routes, security group and instance).

peering_connection "apps-shared" {
  requester = vpc.apps
  accepter  = vpc.shared
  aws_id    = "pcx-0a1b2c3d4e5f60101"
}

peering_connection "shared-data" {
  requester = vpc.shared
  accepter  = vpc.data
  aws_id    = "pcx-0a1b2c3d4e5f60102"
}
