nat_gateway "nat-b" {
  subnet     = subnet.public-b
  elastic_ip = elastic_ip.nat-b
  private_ip = "10.0.1.5"
}
