# Two peered VPCs with the same block: AWS refuses the peering.
vpc "a" {
  cidr_block = "10.0.0.0/16"
}

vpc "b" {
  cidr_block = "10.0.0.0/16" # want cidr-overlap "vpc b 10.0.0.0/16 overlaps vpc a 10.0.0.0/16, and they are peered through peering connection a-b"
}

peering_connection "a-b" {
  requester = vpc.a
  accepter  = vpc.b
}

# silent: vpc c is peered with a and disjoint from it
vpc "c" {
  cidr_block = "10.1.0.0/16"
}

peering_connection "a-c" {
  requester = vpc.a
  accepter  = vpc.c
}
