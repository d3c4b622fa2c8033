elastic_ip "nat-a" {
  public_ip = "203.0.113.21"
}
