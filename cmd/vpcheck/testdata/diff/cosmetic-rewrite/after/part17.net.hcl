security_group "prod-default" {
  vpc     = vpc.prod
  default = true
}
