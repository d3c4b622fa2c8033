# The Terraform that built the snapshot: beside a snapshot, not read.
resource "aws_vpc" "main" { cidr_block = "10.10.0.0/16" }
