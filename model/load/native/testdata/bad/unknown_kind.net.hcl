# want 7:16 "unknown kind \"vcp\""
# want 7:16 "Did you mean vpc?"
vpc "prod" {
  cidr_block = "10.0.0.0/16"
}
subnet "app-a" {
  vpc        = vcp.prod
  cidr_block = "10.0.1.0/24"
}
