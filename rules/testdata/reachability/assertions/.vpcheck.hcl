# silent: web-1 reaches app-1 on 8080 and the replies come back
assert "web-to-app" {
  from     = "web-1"
  to       = "app-1"
  protocol = "tcp"
  port     = 8080
  expect   = "reachable"
}

assert "ssh-to-app" { # want reachability "is unreachable, expected reachable"
  from     = "web-1"
  to       = "app-1"
  protocol = "tcp"
  port     = 22
  expect   = "reachable"
}

assert "internet-to-web" { # want reachability "is reachable, expected unreachable"
  from     = "internet"
  to       = "web-1"
  protocol = "tcp"
  port     = 443
  expect   = "unreachable"
}

# silent: the internet cannot reach app-1, which has no public IP
assert "internet-to-app" {
  from     = "internet"
  to       = "app-1"
  expect   = "unreachable"
}

assert "typo" { # want reachability "cannot be checked"
  from   = "web-9"
  to     = "app-1"
  expect = "reachable"
}
