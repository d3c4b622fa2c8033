# An instance reachable on its public IP from the internet, in a subnet whose
# default route goes to a NAT gateway: the request arrives through the
# internet gateway, the reply leaves through the NAT gateway and comes back
# from the wrong address.
instance "public-in-private" {
  subnet          = subnet.app
  private_ip      = "10.10.2.20"
  public_ip       = "203.0.113.50"
  security_groups = [security_group.web]
}
