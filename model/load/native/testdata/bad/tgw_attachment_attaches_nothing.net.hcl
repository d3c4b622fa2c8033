# want 4:1 "transit gateway attachment attaches nothing"
transit_gateway "core" {}

transit_gateway_attachment "x" {
  transit_gateway = transit_gateway.core
}
