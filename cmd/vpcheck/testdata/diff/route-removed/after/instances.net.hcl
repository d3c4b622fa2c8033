# public-private: the servers. Addresses are inside their subnets and clear
# of the five addresses AWS reserves in each (.0 to .3 and the last):
#   https://docs.aws.amazon.com/vpc/latest/userguide/subnet-sizing.html

# The web server gets a public IPv4 address at launch (its subnet maps public
# IPs on launch); the internet gateway translates it 1:1 to 10.0.0.10.
instance "web-1" {
  subnet          = subnet.public-a
  private_ip      = "10.0.0.10"
  public_ip       = "auto"
  security_groups = [security_group.web]
  platform        = "linux"
  aws_id          = "i-0a1b2c3d4e5f60001"
}

instance "app-1" {
  subnet          = subnet.app-a
  private_ip      = "10.0.10.10"
  security_groups = [security_group.app]
  platform        = "linux"
  aws_id          = "i-0a1b2c3d4e5f60002"
}

instance "app-2" {
  subnet          = subnet.app-b
  private_ip      = "10.0.11.10"
  security_groups = [security_group.app]
  platform        = "linux"
  aws_id          = "i-0a1b2c3d4e5f60003"
}
