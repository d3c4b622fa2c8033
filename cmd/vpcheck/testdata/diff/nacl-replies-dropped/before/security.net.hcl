# public-private: security groups and network ACLs.
#
# Security groups are stateful: a rule admits a flow, its replies always pass.
# Network ACLs are stateless: every reply must be allowed again, in both
# ACLs it crosses, on the client's ephemeral port. The clients here are
# internet browsers (any OS), the web server (Linux, 32768-60999) and the NAT
# gateways (1024-65535), so the ACLs allow replies to 1024-65535, as AWS
# advises:
#   https://docs.aws.amazon.com/vpc/latest/userguide/nacl-ephemeral-ports.html
#   https://docs.aws.amazon.com/vpc/latest/userguide/vpc-security-groups.html

# The default security group is left with no rules, so that an instance
# launched without choosing a group gets no access at all (CIS AWS
# Foundations 5.4; AWS Security Hub control EC2.2):
#   https://docs.aws.amazon.com/vpc/latest/userguide/default-security-group.html
security_group "prod-default" {
  vpc     = vpc.prod
  default = true
}

security_group "web" {
  vpc = vpc.prod

  ingress {
    protocol    = "tcp"
    ports       = 443
    cidr_blocks = ["0.0.0.0/0"]
    description = "HTTPS from the internet"
  }
  egress {
    protocol        = "tcp"
    ports           = 8080
    security_groups = [security_group.app]
    description     = "calls to the app tier"
  }
  egress {
    protocol    = "tcp"
    ports       = 443
    cidr_blocks = ["0.0.0.0/0"]
    description = "OS and package updates over HTTPS"
  }
}

# A security-group reference admits the private addresses of the group's
# members: only the web servers reach 8080, whatever subnet they are in.
security_group "app" {
  vpc = vpc.prod

  ingress {
    protocol        = "tcp"
    ports           = 8080
    security_groups = [security_group.web]
    description     = "app traffic from the web tier"
  }
  egress {
    protocol    = "tcp"
    ports       = 443
    cidr_blocks = ["0.0.0.0/0"]
    description = "HTTPS to the internet through the NAT gateway of the AZ"
  }
}

network_acl "public" {
  vpc     = vpc.prod
  subnets = [subnet.public-a, subnet.public-b]

  # HTTPS to the web servers from the internet, and from the private
  # subnets to the NAT gateways (which forward it to the internet).
  ingress {
    rule       = 100
    action     = "allow"
    protocol   = "tcp"
    ports      = 443
    cidr_block = "0.0.0.0/0"
  }
  # Replies: to the web servers' own requests (updates, calls to the app
  # tier) and to the NAT gateways' translated connections (source ports
  # 1024-65535).
  ingress {
    rule       = 110
    action     = "allow"
    protocol   = "tcp"
    ports      = "1024-65535"
    cidr_block = "0.0.0.0/0"
  }

  # HTTPS out, from the web servers and from the NAT gateways.
  egress {
    rule       = 100
    action     = "allow"
    protocol   = "tcp"
    ports      = 443
    cidr_block = "0.0.0.0/0"
  }
  # Web tier to app tier.
  egress {
    rule       = 110
    action     = "allow"
    protocol   = "tcp"
    ports      = 8080
    cidr_block = "10.0.0.0/16"
  }
  # Replies to internet clients, and the NAT gateways' replies back to the
  # private instances.
  egress {
    rule       = 120
    action     = "allow"
    protocol   = "tcp"
    ports      = "1024-65535"
    cidr_block = "0.0.0.0/0"
  }
}

network_acl "private" {
  vpc     = vpc.prod
  subnets = [subnet.app-a, subnet.app-b]

  # App traffic from inside the VPC (the security group narrows it to the
  # web tier).
  ingress {
    rule       = 100
    action     = "allow"
    protocol   = "tcp"
    ports      = 8080
    cidr_block = "10.0.0.0/16"
  }
  # Replies from the internet, delivered by the NAT gateways.
  ingress {
    rule       = 110
    action     = "allow"
    protocol   = "tcp"
    ports      = "1024-65535"
    cidr_block = "0.0.0.0/0"
  }

  egress {
    rule       = 100
    action     = "allow"
    protocol   = "tcp"
    ports      = 443
    cidr_block = "0.0.0.0/0"
  }
  # Replies to the web servers' ephemeral ports.
  egress {
    rule       = 110
    action     = "allow"
    protocol   = "tcp"
    ports      = "1024-65535"
    cidr_block = "10.0.0.0/16"
  }
}
