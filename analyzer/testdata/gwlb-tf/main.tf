# testdata/gwlb/gwlb.net.hcl in Terraform: a Gateway Load Balancer, its
# GENEVE target group of appliances, its endpoint service, and one
# endpoint per zone that the internet gateway's edge route table and the
# public subnets route to. Zone b's appliance admits only TCP.
provider "aws" {
  region = "eu-west-1"
}

locals {
  zones = ["eu-west-1a", "eu-west-1b"]
}

resource "aws_vpc" "app" {
  cidr_block = "10.60.0.0/16"
}

resource "aws_subnet" "gwlbe" {
  count             = 2
  vpc_id            = aws_vpc.app.id
  cidr_block        = cidrsubnet("10.60.0.0/24", 4, count.index)
  availability_zone = local.zones[count.index]
}

resource "aws_subnet" "public" {
  count             = 2
  vpc_id            = aws_vpc.app.id
  cidr_block        = cidrsubnet("10.60.0.0/16", 8, count.index + 1)
  availability_zone = local.zones[count.index]
}

resource "aws_internet_gateway" "app" {
  vpc_id = aws_vpc.app.id
}

resource "aws_route_table" "edge" {
  vpc_id = aws_vpc.app.id
  route {
    cidr_block      = aws_subnet.public[0].cidr_block
    vpc_endpoint_id = aws_vpc_endpoint.inspect[0].id
  }
  route {
    cidr_block      = aws_subnet.public[1].cidr_block
    vpc_endpoint_id = aws_vpc_endpoint.inspect[1].id
  }
}

resource "aws_route_table_association" "edge" {
  gateway_id     = aws_internet_gateway.app.id
  route_table_id = aws_route_table.edge.id
}

resource "aws_route_table" "gwlbe" {
  vpc_id = aws_vpc.app.id
  route {
    cidr_block = "0.0.0.0/0"
    gateway_id = aws_internet_gateway.app.id
  }
}

resource "aws_route_table_association" "gwlbe" {
  count          = 2
  subnet_id      = aws_subnet.gwlbe[count.index].id
  route_table_id = aws_route_table.gwlbe.id
}

resource "aws_route_table" "public" {
  count  = 2
  vpc_id = aws_vpc.app.id
  route {
    cidr_block      = "0.0.0.0/0"
    vpc_endpoint_id = aws_vpc_endpoint.inspect[count.index].id
  }
}

resource "aws_route_table_association" "public" {
  count          = 2
  subnet_id      = aws_subnet.public[count.index].id
  route_table_id = aws_route_table.public[count.index].id
}

resource "aws_security_group" "web" {
  vpc_id = aws_vpc.app.id
  ingress {
    protocol    = "tcp"
    from_port   = 443
    to_port     = 443
    cidr_blocks = ["0.0.0.0/0"]
  }
  egress {
    protocol    = "-1"
    from_port   = 0
    to_port     = 0
    cidr_blocks = ["0.0.0.0/0"]
  }
}

resource "aws_instance" "web" {
  count                       = 2
  ami                         = "ami-12345678"
  instance_type               = "t3.micro"
  subnet_id                   = aws_subnet.public[count.index].id
  private_ip                  = cidrhost(aws_subnet.public[count.index].cidr_block, 10)
  associate_public_ip_address = true
  vpc_security_group_ids      = [aws_security_group.web.id]
}

resource "aws_vpc_endpoint_service" "inspect" {
  acceptance_required        = false
  gateway_load_balancer_arns = [aws_lb.appliances.arn]
}

resource "aws_vpc_endpoint" "inspect" {
  count             = 2
  vpc_id            = aws_vpc.app.id
  vpc_endpoint_type = "GatewayLoadBalancer"
  service_name      = aws_vpc_endpoint_service.inspect.service_name
  subnet_ids        = [aws_subnet.gwlbe[count.index].id]
}

# The security VPC.
resource "aws_vpc" "security" {
  cidr_block = "10.61.0.0/16"
}

resource "aws_subnet" "lb" {
  count             = 2
  vpc_id            = aws_vpc.security.id
  cidr_block        = cidrsubnet("10.61.0.0/16", 8, count.index)
  availability_zone = local.zones[count.index]
}

resource "aws_security_group" "geneve" {
  vpc_id = aws_vpc.security.id
  ingress {
    protocol    = "udp"
    from_port   = 6081
    to_port     = 6081
    cidr_blocks = ["10.61.0.0/16"]
  }
}

resource "aws_security_group" "tcp_only" {
  vpc_id = aws_vpc.security.id
  ingress {
    protocol    = "tcp"
    from_port   = 6081
    to_port     = 6081
    cidr_blocks = ["10.61.0.0/16"]
  }
}

resource "aws_instance" "appliance" {
  count                  = 2
  ami                    = "ami-12345678"
  instance_type          = "c5.large"
  subnet_id              = aws_subnet.lb[count.index].id
  private_ip             = cidrhost(aws_subnet.lb[count.index].cidr_block, 100)
  vpc_security_group_ids = [count.index == 0 ? aws_security_group.geneve.id : aws_security_group.tcp_only.id]
}

resource "aws_lb" "appliances" {
  name               = "appliances"
  load_balancer_type = "gateway"
  subnets            = aws_subnet.lb[*].id
}

resource "aws_lb_target_group" "appliances" {
  name     = "appliances"
  vpc_id   = aws_vpc.security.id
  protocol = "GENEVE"
  port     = 6081
}

resource "aws_lb_target_group_attachment" "appliance" {
  count            = 2
  target_group_arn = aws_lb_target_group.appliances.arn
  target_id        = aws_instance.appliance[count.index].id
}

resource "aws_lb_listener" "all" {
  load_balancer_arn = aws_lb.appliances.arn
  default_action {
    type             = "forward"
    target_group_arn = aws_lb_target_group.appliances.arn
  }
}
