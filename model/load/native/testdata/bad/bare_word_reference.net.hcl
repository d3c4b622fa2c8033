# want 7:16 "prod is not a reference"
# want 7:16 "Write vpc.prod"
vpc "prod" {
  cidr_block = "10.0.0.0/16"
}
subnet "app-a" {
  vpc        = prod
  cidr_block = "10.0.1.0/24"
}
