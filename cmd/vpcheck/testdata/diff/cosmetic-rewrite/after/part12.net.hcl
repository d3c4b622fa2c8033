vpc "prod" {
  cidr_block = "10.0.0.0/16"
  region     = "us-east-1"
  account    = "111122223333"
  aws_id     = "vpc-0a11b22c33d44e550"
  tags       = { Environment = "prod", Team = "platform" }
}
