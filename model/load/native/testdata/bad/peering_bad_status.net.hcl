# want 12:15 "invalid status \"accepted\""
vpc "prod" {
  cidr_block = "10.0.0.0/16"
}
vpc "shared" {
  cidr_block = "10.1.0.0/16"
}

peering_connection "x" {
  requester = vpc.prod
  accepter  = vpc.shared
  status    = "accepted"
}
