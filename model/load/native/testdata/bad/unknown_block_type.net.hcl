# want 2:1 "Did you mean \"subnet\"?"
subnett "app-a" {
  vpc        = vpc.prod
  cidr_block = "10.0.1.0/24"
}
vpc "prod" {
  cidr_block = "10.0.0.0/16"
}
