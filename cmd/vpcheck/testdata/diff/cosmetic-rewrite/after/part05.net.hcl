elastic_ip "nat-b" {
  public_ip = "203.0.113.22"
}
