# Middlebox insertion inside a VPC: routes more specific than the local
# route send traffic between two subnets through an appliance ENI:
# https://docs.aws.amazon.com/vpc/latest/userguide/route-table-options.html#route-tables-appliance-routing
# An appliance forwards only with source/destination check disabled:
# https://docs.aws.amazon.com/vpc/latest/userguide/work-with-nat-instances.html#EIP_Disable_SrcDestCheck
#
# vpc mb: fw-1 has the check disabled. vpc mbchk: the same layout, but
# fw-2 keeps the check on.

vpc "mb" {
  cidr_block = "10.3.0.0/16"
}

subnet "mb-client" {
  vpc        = vpc.mb
  cidr_block = "10.3.1.0/24"
  az         = "eu-west-1a"
}

subnet "mb-server" {
  vpc        = vpc.mb
  cidr_block = "10.3.2.0/24"
  az         = "eu-west-1a"
}

subnet "mb-fw" {
  vpc        = vpc.mb
  cidr_block = "10.3.3.0/24"
  az         = "eu-west-1a"
}

route_table "mb-client" {
  vpc     = vpc.mb
  subnets = [subnet.mb-client]
  route {
    destination = "10.3.2.0/24"
    target      = instance.fw-1
  }
}

route_table "mb-server" {
  vpc     = vpc.mb
  subnets = [subnet.mb-server]
  route {
    destination = "10.3.1.0/24"
    target      = instance.fw-1
  }
}

security_group "mb-all" {
  vpc = vpc.mb
  ingress {
    protocol    = "all"
    cidr_blocks = ["10.0.0.0/8"]
  }
  egress {
    protocol    = "all"
    cidr_blocks = ["10.0.0.0/8"]
  }
}

instance "client-1" {
  subnet          = subnet.mb-client
  private_ip      = "10.3.1.10"
  security_groups = [security_group.mb-all]
}

instance "server-1" {
  subnet          = subnet.mb-server
  private_ip      = "10.3.2.10"
  security_groups = [security_group.mb-all]
}

instance "fw-1" {
  subnet            = subnet.mb-fw
  private_ip        = "10.3.3.10"
  security_groups   = [security_group.mb-all]
  source_dest_check = false
}

vpc "mbchk" {
  cidr_block = "10.4.0.0/16"
}

subnet "mbchk-client" {
  vpc        = vpc.mbchk
  cidr_block = "10.4.1.0/24"
  az         = "eu-west-1a"
}

subnet "mbchk-server" {
  vpc        = vpc.mbchk
  cidr_block = "10.4.2.0/24"
  az         = "eu-west-1a"
}

subnet "mbchk-fw" {
  vpc        = vpc.mbchk
  cidr_block = "10.4.3.0/24"
  az         = "eu-west-1a"
}

route_table "mbchk-client" {
  vpc     = vpc.mbchk
  subnets = [subnet.mbchk-client]
  route {
    destination = "10.4.2.0/24"
    target      = instance.fw-2
  }
}

security_group "mbchk-all" {
  vpc = vpc.mbchk
  ingress {
    protocol    = "all"
    cidr_blocks = ["10.0.0.0/8"]
  }
  egress {
    protocol    = "all"
    cidr_blocks = ["10.0.0.0/8"]
  }
}

instance "client-2" {
  subnet          = subnet.mbchk-client
  private_ip      = "10.4.1.10"
  security_groups = [security_group.mbchk-all]
}

instance "server-2" {
  subnet          = subnet.mbchk-server
  private_ip      = "10.4.2.10"
  security_groups = [security_group.mbchk-all]
}

instance "fw-2" {
  subnet          = subnet.mbchk-fw
  private_ip      = "10.4.3.10"
  security_groups = [security_group.mbchk-all]
}
