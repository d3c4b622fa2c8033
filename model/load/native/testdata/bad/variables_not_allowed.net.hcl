# want 3:19 "Variables not allowed"
vpc "prod" {
  cidr_block = "${var.base}/16"
}
