package terraform_test

import (
	"fmt"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/vpcheck/vpcheck/model"
	"github.com/vpcheck/vpcheck/model/load"
	"github.com/vpcheck/vpcheck/model/load/terraform"
)

// BenchmarkLoadCommunityExamples loads each example of the community VPC
// module (module evaluation included) through load.Paths, as vpcheck does.
func BenchmarkLoadCommunityExamples(b *testing.B) {
	base := corpusDir(b, "terraform-aws-vpc/examples")
	names := make([]string, 0, len(communityExamples))
	for name := range communityExamples {
		names = append(names, name)
	}
	sort.Strings(names)
	for _, name := range names {
		dir := filepath.Join(base, name)
		b.Run(name, func(b *testing.B) {
			for b.Loop() {
				if _, diags := load.Paths([]string{dir}, load.Options{}); diags.HasErrors() {
					b.Fatal(diags)
				}
			}
		})
	}
}

// literalNetwork writes n VPCs as literal Terraform (one file, resources
// referring to each other by address), the shape generated configurations
// have: per VPC a gateway, a route table, a security group and 4 subnets.
func literalNetwork(n int) []byte {
	var b strings.Builder
	for v := range n {
		x, y := v/256, v%256
		fmt.Fprintf(&b, `resource "aws_vpc" "vpc%[1]d" {
  cidr_block = "10.%[2]d.%[3]d.0/24"
  tags = { Name = "vpc-%[1]d" }
}
resource "aws_internet_gateway" "igw%[1]d" { vpc_id = aws_vpc.vpc%[1]d.id }
resource "aws_route_table" "rt%[1]d" {
  vpc_id = aws_vpc.vpc%[1]d.id
  route {
    cidr_block = "0.0.0.0/0"
    gateway_id = aws_internet_gateway.igw%[1]d.id
  }
}
resource "aws_security_group" "sg%[1]d" {
  vpc_id = aws_vpc.vpc%[1]d.id
  ingress {
    from_port   = 443
    to_port     = 443
    protocol    = "tcp"
    cidr_blocks = ["0.0.0.0/0"]
  }
}
`, v, x, y)
		for s := range 4 {
			fmt.Fprintf(&b, `resource "aws_subnet" "vpc%[1]d_s%[2]d" {
  vpc_id     = aws_vpc.vpc%[1]d.id
  cidr_block = "10.%[3]d.%[4]d.%[5]d/26"
}
resource "aws_route_table_association" "vpc%[1]d_s%[2]d" {
  subnet_id      = aws_subnet.vpc%[1]d_s%[2]d.id
  route_table_id = aws_route_table.rt%[1]d.id
}
`, v, s, x, y, s*64)
		}
	}
	return []byte(b.String())
}

// BenchmarkLoadLiteral loads and links a literal configuration of 500 VPCs
// (about 1 MB) and reports the cost per 1,000 VPCs.
func BenchmarkLoadLiteral(b *testing.B) {
	const vpcs = 500
	src := []model.Source{{Name: "generated/main.tf", Bytes: literalNetwork(vpcs)}}
	b.SetBytes(int64(len(src[0].Bytes)))
	for b.Loop() {
		n, diags := terraform.Load("generated", src, terraform.Options{})
		if diags.HasErrors() || len(n.VPCs) != vpcs {
			b.Fatal(diags)
		}
		n.Link()
	}
	b.ReportMetric(float64(b.Elapsed().Milliseconds())/float64(b.N)*1000/vpcs, "ms/1000vpcs")
}
