# want 3:12 "no closing brace"
# want 6:1 "closing brace missing above"
vpc "prod" {
  cidr_block = "10.0.0.0/16"

subnet "a" {
  vpc        = vpc.prod
  cidr_block = "10.0.1.0/24"
}
