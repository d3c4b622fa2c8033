# want 8:13 "invalid type \"Gatway\""
# want 8:13 "Did you mean \"Gateway\"?"
vpc "prod" {
  cidr_block = "10.0.0.0/16"
}
vpc_endpoint "s3" {
  vpc     = vpc.prod
  type    = "Gatway"
  service = "com.amazonaws.eu-west-1.s3"
}
