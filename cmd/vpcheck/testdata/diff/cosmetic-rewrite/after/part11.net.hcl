subnet "public-a" {
  vpc                 = vpc.prod
  cidr_block          = "10.0.0.0/24"
  az                  = "us-east-1a"
  public_ip_on_launch = true
}
