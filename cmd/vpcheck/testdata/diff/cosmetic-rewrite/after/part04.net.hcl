nat_gateway "nat-a" {
  subnet     = subnet.public-a
  elastic_ip = elastic_ip.nat-a
  private_ip = "10.0.0.5"
}
