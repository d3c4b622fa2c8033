# want 16:18 "instance \"fw\" already has an interface at device_index 0"
vpc "prod" {
  cidr_block = "10.0.0.0/16"
}
subnet "app-a" {
  vpc        = vpc.prod
  cidr_block = "10.0.1.0/24"
}
instance "fw" {
  subnet = subnet.app-a
}

network_interface "fw-b" {
  subnet       = subnet.app-a
  instance     = instance.fw
  device_index = 0
}
