# The data centre behind the Direct Connect gateway, which Terraform does
# not describe.
on_prem "datacenter" {
  cidr_blocks = ["172.30.0.0/16"]
  connections = [aws_dx_gateway.dc]
}
