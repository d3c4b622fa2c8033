# A vpc and a subnet with one name: a selector naming it is ambiguous.
vpc "shop" {
  cidr_block = "10.0.0.0/16"
}

subnet "shop" {
  vpc        = vpc.shop
  cidr_block = "10.0.1.0/24"
}

instance "web-1" {
  subnet     = subnet.shop
  private_ip = "10.0.1.10"
}
