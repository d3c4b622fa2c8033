# want 5:16 "Extraneous label for subnet"
vpc "prod" {
  cidr_block = "10.0.0.0/16"
}
subnet "app-a" "b" {
  vpc        = vpc.prod
  cidr_block = "10.0.1.0/24"
}
