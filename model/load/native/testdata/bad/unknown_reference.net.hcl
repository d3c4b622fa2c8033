# want 7:16 "unknown vpc \"prd\""
# want 7:16 "Did you mean \"prod\"?"
vpc "prod" {
  cidr_block = "10.0.0.0/16"
}
subnet "app-a" {
  vpc        = vpc.prd
  cidr_block = "10.0.1.0/24"
}
