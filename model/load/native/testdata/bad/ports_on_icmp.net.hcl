# want 9:5 "ports applies only to tcp and udp, not to protocol icmp"
vpc "prod" {
  cidr_block = "10.0.0.0/16"
}
security_group "web" {
  vpc = vpc.prod
  ingress {
    protocol    = "icmp"
    ports       = 8
    cidr_blocks = ["0.0.0.0/0"]
  }
}
