# want 2:1 "An argument named \"region\" is not expected here"
region = "eu-west-1"
vpc "prod" {
  cidr_block = "10.0.0.0/16"
}
