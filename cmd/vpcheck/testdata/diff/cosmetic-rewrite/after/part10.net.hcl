subnet "public-b" {
  vpc                 = vpc.prod
  cidr_block          = "10.0.1.0/24"
  az                  = "us-east-1b"
  public_ip_on_launch = true
}
