vpc "many" {
  cidr_blocks = [
    "10.0.0.0/16", "10.1.0.0/16", "10.2.0.0/16", "10.3.0.0/16", "10.4.0.0/16",
    "10.5.0.0/16", # want vpc-cidr-limit "vpc many has 6 ipv4 blocks, more than the default quota of 5"
  ]
}

vpc "mixed" {
  cidr_blocks = ["10.20.0.0/16", "192.168.0.0/20"] # want vpc-cidr-limit "secondary block 192.168.0.0/20 is in 192.168.0.0/16"
}

vpc "private-b" {
  cidr_blocks = ["172.20.0.0/16", "172.31.0.0/16"] # want vpc-cidr-limit "172.31.0.0/16"
}

vpc "public" {
  cidr_blocks = ["203.0.113.0/24", "10.30.0.0/16"] # want vpc-cidr-limit "203.0.113.0/24"
}

# silent: five blocks from the primary's range and the shared address space
vpc "five" {
  cidr_blocks = ["10.40.0.0/16", "10.41.0.0/16", "10.42.0.0/16", "100.64.0.0/16", "198.51.100.0/24"]
}

# silent: a 192.168 primary with more 192.168 blocks
vpc "home" {
  cidr_blocks = ["192.168.0.0/20", "192.168.16.0/20"]
}
