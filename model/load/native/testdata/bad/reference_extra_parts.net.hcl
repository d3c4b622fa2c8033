# want 6:16 "write a reference as vpc.NAME"
vpc "prod" {
  cidr_block = "10.0.0.0/16"
}
subnet "app-a" {
  vpc        = vpc.prod.id
  cidr_block = "10.0.1.0/24"
}
