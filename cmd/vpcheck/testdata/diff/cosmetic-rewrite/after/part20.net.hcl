instance "web-1" {
  subnet          = subnet.public-a
  private_ip      = "10.0.0.10"
  public_ip       = "auto"
  security_groups = [security_group.web]
  platform        = "linux"
  aws_id          = "i-0a1b2c3d4e5f60001"
}
