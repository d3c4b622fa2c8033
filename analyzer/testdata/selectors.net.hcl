# Names shared across kinds, for the selector tests.
vpc "shop" {
  cidr_block = "10.0.0.0/16"
}

# A subnet and an instance named "app": ambiguous.
subnet "app" {
  vpc        = vpc.shop
  cidr_block = "10.0.1.0/24"
}

instance "app" {
  subnet     = subnet.app
  private_ip = "10.0.1.10"
}

# An instance and its own primary interface named "proxy": the instance.
instance "proxy" {
}

network_interface "proxy" {
  subnet       = subnet.app
  private_ips  = ["10.0.1.20"]
  instance     = instance.proxy
  device_index = 0
}

# A second interface of another instance named like it: ambiguous, it is
# not that instance's primary interface.
instance "cache" {
  subnet     = subnet.app
  private_ip = "10.0.1.30"
}

network_interface "cache" {
  subnet       = subnet.app
  private_ips  = ["10.0.1.31"]
  instance     = instance.cache
  device_index = 1
}

# A security group cannot be a source or destination: "db" is the instance.
security_group "db" {
  vpc = vpc.shop
}

instance "db" {
  subnet          = subnet.app
  private_ip      = "10.0.1.40"
  security_groups = [security_group.db]
}
