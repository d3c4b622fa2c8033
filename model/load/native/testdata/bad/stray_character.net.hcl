# want 5:1 "Argument or block definition required"
vpc "prod" {
  cidr_block = "10.0.0.0/16"
}
% garbage
