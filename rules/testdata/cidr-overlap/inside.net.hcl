# Overlaps inside one VPC: its own blocks, its subnets.
vpc "prod" {
  cidr_blocks = ["10.30.0.0/16", "10.30.64.0/18"] # want cidr-overlap "vpc prod blocks 10.30.0.0/16 and 10.30.64.0/18 overlap"
}

subnet "app-a" {
  vpc        = vpc.prod
  cidr_block = "10.30.1.0/24"
}

subnet "app-b" {
  vpc        = vpc.prod
  cidr_block = "10.30.1.128/25" # want cidr-overlap "subnet app-b 10.30.1.128/25 overlaps subnet app-a 10.30.1.0/24 in vpc prod"
}

# silent: a subnet beside the others
subnet "db" {
  vpc        = vpc.prod
  cidr_block = "10.30.2.0/24"
}
