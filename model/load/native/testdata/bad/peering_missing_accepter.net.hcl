# want 5:1 "missing required attribute \"accepter\""
vpc "prod" {
  cidr_block = "10.0.0.0/16"
}
peering_connection "x" {
  requester = vpc.prod
}
