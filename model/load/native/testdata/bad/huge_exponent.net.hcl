# want 3:9 "asn must be between 1 and 4294967295"
transit_gateway "core" {
  asn = 1e99999999
}
