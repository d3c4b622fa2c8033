# Ignores that suppress something, and ignores that suppress nothing.
vpc "a" {
  cidr_block = "10.0.0.0/16"
}

# silent: this ignore suppresses the overlap of b with a
# vpcheck:ignore cidr-overlap b is being renumbered in Q3
vpc "b" {
  cidr_block = "10.0.0.0/16"
}

peering_connection "a-b" {
  requester = vpc.a
  accepter  = vpc.b
}

# silent: a trailing ignore on the line of the finding
vpc "c" {
  cidr_block = "10.0.128.0/17" # vpcheck:ignore cidr-overlap lab VPC, never connected
}

vpc "d" {
  # want unused-ignore "inline ignore for cidr-overlap suppresses nothing"
  cidr_block = "10.5.0.0/16" # vpcheck:ignore cidr-overlap stale
}

# want unused-ignore "suppresses nothing"
# vpcheck:ignore cidr-overlap,unused-ignore nothing overlaps e
vpc "e" {
  cidr_block = "10.6.0.0/16"
}
