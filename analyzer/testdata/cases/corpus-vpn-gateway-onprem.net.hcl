# The on-premises side of the Batfish snapshot test-vpn-gateway
# (../shared/corpus/batfish-aws/test-vpn-gateway), which the AWS API does
# not describe. It is loaded only beside that snapshot's aws_configs:
# alone, the VPN connection it names does not exist.
#
# The customer gateway's configuration (configs/vpn-03701a53bba3c48b7.txt)
# is a router with outside address 1.1.1.2/30 whose BGP session over both
# tunnels announces a default route ("network 0.0.0.0", default-originate),
# which draws the VPC's internet traffic to the site; the site forwards what
# it does not own on (routes_to_internet).

on_prem "cgw-router" {
  cidr_blocks        = ["1.1.1.0/30"]
  advertises         = ["0.0.0.0/0"]
  connections        = ["vpn-03701a53bba3c48b7"]
  routes_to_internet = true
}
