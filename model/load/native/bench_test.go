package native_test

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/vpcheck/vpcheck/model"
	"github.com/vpcheck/vpcheck/model/load/native"
)

// syntheticNetwork writes n VPCs of 4 subnets each, with a route table, a
// security group, a network ACL and an instance per subnet: the seed scale
// of the design is n = 2000 (the "3 MB config").
func syntheticNetwork(n int) []byte {
	var b strings.Builder
	for v := 0; v < n; v++ {
		hi, lo := v/256, v%256
		fmt.Fprintf(&b, "vpc \"v%d\" {\n  cidr_block = \"10.%d.%d.0/24\"\n  region = \"eu-west-1\"\n}\n", v, hi, lo)
		fmt.Fprintf(&b, "internet_gateway \"v%d\" {\n  vpc = vpc.v%d\n}\n", v, v)
		fmt.Fprintf(&b, "security_group \"v%d\" {\n  vpc = vpc.v%d\n  ingress {\n    protocol = \"tcp\"\n    ports = 443\n    cidr_blocks = [\"0.0.0.0/0\"]\n  }\n  egress {\n    protocol = \"all\"\n    cidr_blocks = [\"0.0.0.0/0\"]\n  }\n}\n", v, v)
		fmt.Fprintf(&b, "network_acl \"v%d\" {\n  vpc = vpc.v%d\n  subnets = [", v, v)
		for s := 0; s < 4; s++ {
			fmt.Fprintf(&b, "subnet.v%d-%d, ", v, s)
		}
		b.WriteString("]\n  ingress {\n    rule = 100\n    action = \"allow\"\n    protocol = \"all\"\n    cidr_block = \"0.0.0.0/0\"\n  }\n}\n")
		for s := 0; s < 4; s++ {
			fmt.Fprintf(&b, "subnet \"v%d-%d\" {\n  vpc = vpc.v%d\n  cidr_block = \"10.%d.%d.%d/26\"\n  az = \"eu-west-1a\"\n}\n", v, s, v, hi, lo, s*64)
			fmt.Fprintf(&b, "route_table \"v%d-%d\" {\n  vpc = vpc.v%d\n  subnets = [subnet.v%d-%d]\n  route {\n    destination = \"0.0.0.0/0\"\n    target = internet_gateway.v%d\n  }\n}\n", v, s, v, v, s, v)
			fmt.Fprintf(&b, "instance \"v%d-%d\" {\n  subnet = subnet.v%d-%d\n  private_ip = \"10.%d.%d.%d\"\n  security_groups = [security_group.v%d]\n}\n", v, s, v, s, hi, lo, s*64+10, v)
		}
	}
	return []byte(b.String())
}

// BenchmarkLoad measures parse and decode (Load) and the whole load path
// (Load, Link, Validate) of the seed-scale network.
func BenchmarkLoad(b *testing.B) {
	const vpcs = 2000
	src := []model.Source{{Name: "big.net.hcl", Bytes: syntheticNetwork(vpcs)}}
	b.SetBytes(int64(len(src[0].Bytes)))
	b.Run("decode", func(b *testing.B) {
		cpu := processCPU()
		for b.Loop() {
			if _, diags := native.Load(src); diags.HasErrors() {
				b.Fatal(diags.Error())
			}
		}
		reportCPU(b, cpu)
		b.ReportMetric(float64(b.Elapsed().Milliseconds())/float64(b.N)/vpcs*1000, "ms/1000vpc")
	})
	b.Run("linked", func(b *testing.B) {
		cpu := processCPU()
		for b.Loop() {
			net, diags := native.Load(src)
			diags = append(diags, net.Link()...)
			diags = append(diags, net.Validate()...)
			if diags.HasErrors() {
				b.Fatal(diags.Error())
			}
		}
		reportCPU(b, cpu)
		b.ReportMetric(float64(b.Elapsed().Milliseconds())/float64(b.N)/vpcs*1000, "ms/1000vpc")
	})
}

// reportCPU reports the process CPU time per operation since start: on a
// shared machine wall time also counts the time other processes hold the
// cores.
func reportCPU(b *testing.B, start time.Duration) {
	b.ReportMetric(float64((processCPU()-start).Milliseconds())/float64(b.N), "cpu-ms/op")
}
