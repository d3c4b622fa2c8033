# One verdict for reach --expect, assertions and trace: a flow is reachable
# only when its replies come back (network ACLs are stateless:
# https://docs.aws.amazon.com/vpc/latest/userguide/nacl-ephemeral-ports.html).

assert "https-replies-blocked" { # want reachability "the packets arrive but no reply comes back"
  from     = "client-1"
  to       = "server-1"
  protocol = "tcp"
  port     = 443
  expect   = "reachable"
}

# silent: the requests do arrive, and forward asks for nothing more
assert "https-forward" {
  from     = "client-1"
  to       = "server-1"
  protocol = "tcp"
  port     = 443
  expect   = "forward"
}

# silent: no connection on 443 can complete
assert "https-no-connection" {
  from     = "client-1"
  to       = "server-1"
  protocol = "tcp"
  port     = 443
  expect   = "unreachable"
}

# silent: DNS queries over UDP arrive, but the ACL lets only TCP out, so
# no answer comes back
assert "dns-no-answer" {
  from     = "client-1"
  to       = "server-1"
  protocol = "udp"
  port     = 53
  expect   = "unreachable"
}

assert "no-ssh-expected" { # want reachability "is reachable, expected unreachable"
  from     = "server-1"
  to       = "client-1"
  protocol = "tcp"
  port     = 22
  expect   = "unreachable"
}

# "blocked" asks that no packet arrive at all: the requests to 443 do,
# though they are never answered.
assert "https-blocked" { # want reachability "the packets arrive (no reply comes back), expected blocked"
  from     = "client-1"
  to       = "server-1"
  protocol = "tcp"
  port     = 443
  expect   = "blocked"
}

# silent: the server's ACL lets out only port 22, so nothing it sends to
# 443 leaves its subnet
assert "server-https-blocked" {
  from     = "server-1"
  to       = "client-1"
  protocol = "tcp"
  port     = 443
  expect   = "blocked"
}

assert "ssh-blocked" { # want reachability "is reachable, expected blocked"
  from     = "server-1"
  to       = "client-1"
  protocol = "tcp"
  port     = 22
  expect   = "blocked"
}
