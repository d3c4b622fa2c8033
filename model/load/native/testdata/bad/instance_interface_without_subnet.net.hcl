# want 3:3 "private_ip applies only with subnet"
instance "web-1" {
  private_ip = "10.0.1.10"
}
