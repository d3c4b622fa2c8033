# Resource types vpcheck knows but does not model, the distributed Network
# Firewall routing pattern, types it knows to be irrelevant, and one it does
# not know at all.
provider "aws" { region = "eu-west-1" }

locals { zones = ["eu-west-1a", "eu-west-1b"] }

resource "aws_vpc" "main" { cidr_block = "10.0.0.0/16" }

resource "aws_subnet" "public" {
  count             = 2
  vpc_id            = aws_vpc.main.id
  cidr_block        = cidrsubnet("10.0.0.0/16", 8, count.index)
  availability_zone = local.zones[count.index]
}

resource "aws_subnet" "firewall" {
  count             = 2
  vpc_id            = aws_vpc.main.id
  cidr_block        = cidrsubnet("10.0.0.0/16", 8, 10 + count.index)
  availability_zone = local.zones[count.index]
}

resource "aws_internet_gateway" "igw" { vpc_id = aws_vpc.main.id }

resource "aws_networkfirewall_firewall" "fw" {
  name                = "fw"
  firewall_policy_arn = "arn:aws:network-firewall:eu-west-1:111122223333:firewall-policy/p"
  vpc_id              = aws_vpc.main.id
  dynamic "subnet_mapping" {
    for_each = aws_subnet.firewall[*].id
    content { subnet_id = subnet_mapping.value }
  }
}

# The edge route table: traffic from the internet to each public subnet
# goes through the firewall endpoint of its zone, picked by a for
# expression keyed by zone.
resource "aws_route_table" "edge" { vpc_id = aws_vpc.main.id }

resource "aws_route_table_association" "edge" {
  route_table_id = aws_route_table.edge.id
  gateway_id     = aws_internet_gateway.igw.id
}

resource "aws_route" "edge_to_firewall" {
  count                  = 2
  route_table_id         = aws_route_table.edge.id
  destination_cidr_block = aws_subnet.public[count.index].cidr_block
  vpc_endpoint_id        = { for s in aws_networkfirewall_firewall.fw.firewall_status[0].sync_states : s.availability_zone => s.attachment[0].endpoint_id }[local.zones[count.index]]
}

# The public subnets send everything through the firewall (inline route,
# the element([for …]) form).
resource "aws_route_table" "public" {
  count  = 2
  vpc_id = aws_vpc.main.id
  route {
    cidr_block      = "0.0.0.0/0"
    vpc_endpoint_id = element([for ss in tolist(aws_networkfirewall_firewall.fw.firewall_status[0].sync_states) : ss.attachment[0].endpoint_id if ss.attachment[0].subnet_id == aws_subnet.firewall[count.index].id], 0)
  }
}

resource "aws_route_table_association" "public" {
  count          = 2
  route_table_id = aws_route_table.public[count.index].id
  subnet_id      = aws_subnet.public[count.index].id
}

resource "aws_lb" "web" {
  name               = "web"
  load_balancer_type = "network"
  subnets            = aws_subnet.public[*].id
}

resource "aws_lb_listener" "web" {
  load_balancer_arn = aws_lb.web.arn
  port              = 443
  protocol          = "TCP"
}

# A route whose table is not known before apply.
data "aws_route_table" "shared" { vpc_id = aws_vpc.main.id }

resource "aws_route" "to_shared" {
  route_table_id         = data.aws_route_table.shared.id
  destination_cidr_block = "192.168.0.0/16"
  gateway_id             = aws_internet_gateway.igw.id
}

# A Lambda function matters only inside a VPC.
resource "aws_lambda_function" "outside" {
  function_name = "outside"
  role          = aws_iam_role.fn.arn
}

resource "aws_lambda_function" "inside" {
  function_name = "inside"
  role          = aws_iam_role.fn.arn
  vpc_config {
    subnet_ids         = aws_subnet.public[*].id
    security_group_ids = []
  }
}

# Irrelevant to traffic: no warning, whatever is unknown about them.
resource "aws_iam_role" "fn" {
  name               = "fn"
  assume_role_policy = "{}"
}

resource "aws_s3_bucket" "logs" {
  count  = length(data.aws_route_table.shared.routes)
  bucket = "logs"
}

resource "random_id" "suffix" { byte_length = 4 }

# Not known to vpcheck: one warning for the type.
resource "aws_widget_gadget" "a" {}
resource "aws_widget_gadget" "b" {}
