# sg-exposed: one security group open to the world on SSH, attached to three
# hosts — and only one of them is actually exposed.
#
# What it models: VPC ops has a public subnet (route to an internet gateway)
# and a private one (no route out). A security group ssh-anywhere admits
# tcp/22 from 0.0.0.0/0 and is attached to:
#   - bastion-1, in the public subnet, with a public IP: anyone on the
#     internet can reach its SSH port.
#   - legacy-1, in the public subnet, launched without a public IP: nothing on
#     the internet can address it, so the rule exposes nothing (yet — an
#     Elastic IP would change that).
#   - build-1, in the private subnet: no public IP and no route to the
#     internet gateway.
# An "open to 0.0.0.0/0" check that reads only the security group flags all
# three; a reachability-based one flags bastion-1 alone.
#
# What is wrong on purpose: bastion-1's SSH is open to the whole internet
# (AWS Security Hub control EC2.13 / EC2.19: no unrestricted SSH).
#
# AWS documentation:
#   https://docs.aws.amazon.com/vpc/latest/userguide/vpc-security-groups.html
#   https://docs.aws.amazon.com/vpc/latest/userguide/vpc-igw-internet-access.html
#   (an instance needs a public IPv4 address, or an Elastic IP, and a route
#   to the internet gateway to be reachable from the internet)
#   https://docs.aws.amazon.com/securityhub/latest/userguide/ec2-controls.html

vpc "ops" {
  cidr_block = "10.90.0.0/16"
  region     = "us-east-1"
  account    = "111122223333"
}

subnet "public-a" {
  vpc        = vpc.ops
  cidr_block = "10.90.0.0/24"
  az         = "us-east-1a"
}

subnet "private-a" {
  vpc        = vpc.ops
  cidr_block = "10.90.10.0/24"
  az         = "us-east-1a"
}

internet_gateway "ops" {
  vpc = vpc.ops
}

route_table "public" {
  vpc     = vpc.ops
  subnets = [subnet.public-a]

  route {
    destination = "0.0.0.0/0"
    target      = internet_gateway.ops
  }
}

# Local only: the build agents pull from mirrors inside the VPC.
route_table "private" {
  vpc     = vpc.ops
  subnets = [subnet.private-a]
}

security_group "ssh-anywhere" {
  vpc = vpc.ops

  ingress {
    protocol    = "tcp"
    ports       = 22
    cidr_blocks = ["0.0.0.0/0"]
    description = "SSH from anywhere (should be the office only)"
  }
  egress {
    protocol    = "tcp"
    ports       = 443
    cidr_blocks = ["0.0.0.0/0"]
    description = "HTTPS out"
  }
}

instance "bastion-1" {
  subnet          = subnet.public-a
  private_ip      = "10.90.0.10"
  public_ip       = "198.51.100.90"
  security_groups = [security_group.ssh-anywhere]
  platform        = "linux"
}

instance "legacy-1" {
  subnet          = subnet.public-a
  private_ip      = "10.90.0.20"
  public_ip       = "none"
  security_groups = [security_group.ssh-anywhere]
  platform        = "linux"
}

instance "build-1" {
  subnet          = subnet.private-a
  private_ip      = "10.90.10.10"
  security_groups = [security_group.ssh-anywhere]
  platform        = "linux"
}
