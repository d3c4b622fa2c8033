# Names that each output format must escape: quotes, angle brackets,
# ampersands, backslashes, the mermaid entity mark, a terminal escape and a
# newline.

vpc "p\"r<o>d&\\x" {
  cidr_block = "10.0.0.0/16"
}

subnet "web#1 <script>alert(1)</script>" {
  vpc        = vpc["p\"r<o>d&\\x"]
  cidr_block = "10.0.1.0/24"
  az         = "us-east-1a"
}

internet_gateway "gw\u001b[31mred" {
  vpc = vpc["p\"r<o>d&\\x"]
}

route_table "rt\nnext-line" {
  vpc     = vpc["p\"r<o>d&\\x"]
  subnets = [subnet["web#1 <script>alert(1)</script>"]]

  route {
    destination = "0.0.0.0/0"
    target      = internet_gateway["gw\u001b[31mred"]
  }
}

instance "a'b\"c" {
  subnet     = subnet["web#1 <script>alert(1)</script>"]
  private_ip = "10.0.1.10"
}
