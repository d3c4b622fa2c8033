# want 2:1 "missing required attribute \"vpc\""
egress_only_internet_gateway "v6" {}
