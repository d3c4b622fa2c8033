# Overlapping VPCs that nothing connects: a notice, not an error.
vpc "team-a" {
  cidr_block = "10.20.0.0/16"
}

vpc "team-b" {
  cidr_block = "10.20.0.0/20" # want cidr-overlap "vpc team-b 10.20.0.0/20 overlaps vpc team-a 10.20.0.0/16, which it is not connected to"
}

# silent: default VPCs all use 172.31.0.0/16 and are not compared
vpc "default-east" {
  cidr_block = "172.31.0.0/16"
  default    = true
  region     = "us-east-1"
}

vpc "default-west" {
  cidr_block = "172.31.0.0/16"
  default    = true
  region     = "us-west-2"
}
