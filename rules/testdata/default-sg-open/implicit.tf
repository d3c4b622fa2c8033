# In Terraform an instance without security groups joins the VPC's default
# group, which vpcheck adds as AWS does.
resource "aws_vpc" "main" {
  cidr_block = "10.1.0.0/16"
}

resource "aws_subnet" "a" {
  vpc_id     = aws_vpc.main.id
  cidr_block = "10.1.1.0/24"
}

resource "aws_instance" "forgot" { # want default-sg-open "instance aws_instance.forgot uses the default security group of vpc aws_vpc.main"
  ami           = "ami-12345678"
  instance_type = "t3.micro"
  subnet_id     = aws_subnet.a.id
}
