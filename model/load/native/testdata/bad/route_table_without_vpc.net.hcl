# want 2:1 "missing required attribute \"vpc\""
route_table "public" {
  subnets = []
}
