# An answer that rests on what vpcheck does not model is unknown, and an
# unknown answer meets no expectation: the finding names what was not
# modelled (a carrier gateway route:
# https://docs.aws.amazon.com/vpc/latest/userguide/Carrier_Gateway.html).

assert "wave-out" { # want reachability "is unknown: route table aws_route_table.wave: 0.0.0.0/0 goes to a target vpcheck does not model, expected reachable"
  from     = "aws_instance.wave"
  to       = "198.51.100.80"
  protocol = "tcp"
  port     = 443
  expect   = "reachable"
}

assert "wave-out-denied" { # want reachability "is unknown"
  from     = "aws_instance.wave"
  to       = "198.51.100.80"
  protocol = "tcp"
  port     = 443
  expect   = "unreachable"
}

# replies unknown: the requests arrive, the replies meet the carrier route
assert "internet-wave" { # want reachability "is unknown"
  from     = "internet"
  to       = "aws_instance.wave"
  protocol = "tcp"
  port     = 443
  expect   = "reachable"
}

# silent: the requests do arrive
assert "internet-wave-forward" {
  from     = "internet"
  to       = "aws_instance.wave"
  protocol = "tcp"
  port     = 443
  expect   = "forward"
}

# silent: inside the VPC the local route is modelled
assert "edge-wave" {
  from     = "aws_instance.edge"
  to       = "aws_instance.wave"
  protocol = "tcp"
  port     = 443
  expect   = "reachable"
}
