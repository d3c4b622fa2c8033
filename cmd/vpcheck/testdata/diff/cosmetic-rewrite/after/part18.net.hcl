instance "app-2" {
  subnet          = subnet.app-b
  private_ip      = "10.0.11.10"
  security_groups = [security_group.app]
  platform        = "linux"
  aws_id          = "i-0a1b2c3d4e5f60003"
}
