# A transit gateway-attached Network Firewall (no VPC, no subnet mappings),
# as hub-spoke-inspection's east_west root writes it.
provider "aws" {
  region = "eu-west-1"
}

resource "aws_ec2_transit_gateway" "tgw" {}

resource "aws_networkfirewall_firewall_policy" "p" {
  name = "p"
  firewall_policy {
    stateless_default_actions          = ["aws:forward_to_sfe"]
    stateless_fragment_default_actions = ["aws:forward_to_sfe"]
  }
}

resource "aws_networkfirewall_firewall" "anfw" {
  name                = "anfw"
  firewall_policy_arn = aws_networkfirewall_firewall_policy.p.arn
  transit_gateway_id  = aws_ec2_transit_gateway.tgw.id

  availability_zone_mapping {
    availability_zone_id = "euw1-az1"
  }
}
