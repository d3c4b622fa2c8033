instance "app-1" {
  subnet          = subnet.app-a
  private_ip      = "10.0.10.10"
  security_groups = [security_group.app]
  platform        = "linux"
  aws_id          = "i-0a1b2c3d4e5f60002"
}
