# want 8:25 "public_ip_on_launch must be true or false, not a string"
vpc "prod" {
  cidr_block = "10.0.0.0/16"
}
subnet "app-a" {
  vpc                 = vpc.prod
  cidr_block          = "10.0.1.0/24"
  public_ip_on_launch = "yes"
}
