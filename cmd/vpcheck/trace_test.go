package main

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"

	"github.com/vpcheck/vpcheck/report"
)

func TestTraceFlags(t *testing.T) {
	tests := []struct {
		args    []string
		wantErr string
	}{
		{args: []string{"--from", "a", "--to", "b", "--port", "443"}},
		{args: []string{"--from", "a", "--to", "b", "--protocol", "icmp"}},
		{args: []string{"--from", "a", "--to", "b", "--protocol", "icmp", "--icmp-type", "3", "--icmp-code", "4"}},
		{args: []string{"--from", "a", "--to", "b", "--protocol", "udp", "--port", "53", "--src-port", "5353", "--src-ip", "10.0.0.1", "--dst-ip", "10.0.0.2"}},
		{args: []string{"--from", "a", "--to", "b"}, wantErr: "--port is required for tcp"},
		{args: []string{"--from", "a", "--to", "b", "--protocol", "all"}, wantErr: "not all"},
		{args: []string{"--from", "a", "--to", "b", "--port", "443-445"}, wantErr: "is not a port"},
		{args: []string{"--from", "a", "--to", "b", "--port", "443", "--src-port", "0"}, wantErr: "--src-port"},
		{args: []string{"--from", "a", "--to", "b", "--protocol", "icmp", "--port", "1"}, wantErr: "apply to tcp and udp"},
		{args: []string{"--from", "a", "--to", "b", "--port", "1", "--icmp-type", "8"}, wantErr: "apply to icmp"},
		{args: []string{"--from", "a", "--to", "b", "--port", "1", "--src-ip", "10.0.0.300"}, wantErr: "not an IP address"},
		{args: []string{"--from", "a", "--to", "b", "--port", "1", "--src-ip", "10.0.0.1", "--dst-ip", "::1"}, wantErr: "different IP versions"},
	}
	for _, tt := range tests {
		t.Run(strings.Join(tt.args, " "), func(t *testing.T) {
			var got *traceOptions
			cmd := NewCmdTrace(&IOStreams{Out: &bytes.Buffer{}, ErrOut: &bytes.Buffer{}}, func(o *traceOptions) error {
				got = o
				return nil
			})
			cmd.SetArgs(tt.args)
			cmd.SetOut(&bytes.Buffer{})
			cmd.SetErr(&bytes.Buffer{})
			if err := cmd.Execute(); err != nil {
				t.Fatal(err)
			}
			_, err := got.query()
			switch {
			case tt.wantErr == "" && err != nil:
				t.Fatalf("unexpected error %v", err)
			case tt.wantErr != "" && (err == nil || !strings.Contains(err.Error(), tt.wantErr)):
				t.Fatalf("error %v, want one containing %q", err, tt.wantErr)
			}
		})
	}
}

// traceRun is what a test reads of a JSON trace.
type traceRun struct {
	Packet      report.TracePacketJSON `json:"packet"`
	Disposition string                 `json:"disposition"`
	Code        string                 `json:"code"`
	Arrived     bool                   `json:"arrived"`
	Hops        []report.HopJSON       `json:"hops"`
	Return      *report.ReturnJSON     `json:"return"`
}

func (r traceRun) components() string {
	var cs []string
	for _, h := range r.Hops {
		cs = append(cs, h.Component)
	}
	return strings.Join(cs, " > ")
}

// TestTraceExamples traces packets through the embedded examples and
// checks the answers their EXPECTED.md derives by hand.
func TestTraceExamples(t *testing.T) {
	tests := []struct {
		args            []string
		code            int
		disposition     string
		engineCode      string
		src, dst        string
		returnDisp      string // "" when there is no return walk
		components      []string
		returnComponent []string
	}{
		{
			args: []string{"--from", "web-1", "--to", "app-1", "--port", "8080", "example:public-private"},
			code: exitOK, disposition: "ACCEPTED", engineCode: "ACCEPTED", src: "10.0.0.10", dst: "10.0.10.10", returnDisp: "ACCEPTED",
			components: []string{"instance web-1", "subnet public-a", "subnet app-a", "instance app-1"},
		},
		{
			// From the internet, the destination is the public IP.
			args: []string{"--from", "internet", "--to", "bastion-1", "--port", "22", "example:sg-exposed"},
			code: exitOK, disposition: "ACCEPTED", engineCode: "ACCEPTED", src: "198.51.100.10", dst: "198.51.100.90", returnDisp: "EXITS_NETWORK",
			components: []string{"internet", "internet_gateway ops", "instance bastion-1"},
		},
		{
			args: []string{"--from", "dev-1", "--to", "api-1", "--port", "443", "example:tgw-hub"},
			code: exitFindings, disposition: "BLACKHOLE", engineCode: "TGW_BLACKHOLE", src: "10.2.10.10", dst: "10.1.10.10",
			components: []string{"transit_gateway_attachment dev", "transit_gateway_route_table dev"},
		},
		{
			// Out through the hub, the egress VPC's NAT gateway and internet gateway; back the same way.
			args: []string{"--from", "api-1", "--to", "internet", "--port", "443", "example:tgw-hub"},
			code: exitOK, disposition: "EXITS_NETWORK", engineCode: "EXITS_NETWORK", src: "10.1.10.10", dst: "203.0.113.10", returnDisp: "ACCEPTED",
			components:      []string{"transit_gateway_route_table prod", "nat_gateway egress-a", "internet_gateway egress", "internet"},
			returnComponent: []string{"internet_gateway egress", "nat_gateway egress-a", "transit_gateway_route_table egress", "instance api-1"},
		},
		{
			args: []string{"--from", "artifacts-1", "--to", "on_prem:datacenter", "--port", "22", "example:tgw-hub"},
			code: exitFindings, disposition: "DENIED_OUT", engineCode: "SG_EGRESS_DENY", src: "10.3.10.10", dst: "172.16.0.1",
		},
		{
			args: []string{"--from", "notebook-1", "--to", "vpc_endpoint:ssm", "--port", "443", "example:endpoints"},
			code: exitOK, disposition: "ACCEPTED", engineCode: "ACCEPTED", src: "10.71.1.10", dst: "10.70.1.100", returnDisp: "ACCEPTED",
			components: []string{"peering_connection analytics-data", "vpc data"},
		},
		{
			args: []string{"--from", "worker-1", "--to", "vpc_endpoint:s3", "--port", "443", "example:endpoints"},
			code: exitOK, disposition: "EXITS_NETWORK", engineCode: "EXITS_NETWORK", src: "10.70.1.10", returnDisp: "ACCEPTED",
			components: []string{"vpc_endpoint s3"}, returnComponent: []string{"instance worker-1"},
		},
		{
			// No public IP: the private address is traced, and the internet keeps it.
			args: []string{"--from", "internet", "--to", "api-1", "--port", "443", "example:tgw-hub"},
			code: exitFindings, disposition: "EXITS_NETWORK", engineCode: "EXITS_NETWORK", src: "198.51.100.10", dst: "10.1.10.10",
		},
		{
			args: []string{"--from", "dev-1", "--to", "api-1", "--protocol", "icmp", "example:tgw-hub"},
			code: exitFindings, disposition: "DENIED_OUT", engineCode: "SG_EGRESS_DENY",
		},
	}
	for _, tt := range tests {
		t.Run(strings.Join(tt.args, " "), func(t *testing.T) {
			code, stdout, stderr := run(t, append([]string{"trace", "--format", "json"}, tt.args...)...)
			if code != tt.code {
				t.Fatalf("exit %d, want %d; stderr:\n%s\nstdout:\n%s", code, tt.code, stderr, stdout)
			}
			var r traceRun
			if err := json.Unmarshal([]byte(stdout), &r); err != nil {
				t.Fatalf("%v:\n%s", err, stdout)
			}
			if r.Disposition != tt.disposition || r.Code != tt.engineCode {
				t.Errorf("disposition %s (%s), want %s (%s)", r.Disposition, r.Code, tt.disposition, tt.engineCode)
			}
			if tt.src != "" && r.Packet.SrcIP != tt.src || tt.dst != "" && r.Packet.DstIP != tt.dst {
				t.Errorf("packet %+v, want %s -> %s", r.Packet, tt.src, tt.dst)
			}
			if got := r.components(); !containsInOrder(got, tt.components) {
				t.Errorf("components %s, want %v in this order", got, tt.components)
			}
			switch {
			case tt.returnDisp == "" && r.Return != nil:
				t.Errorf("a return walk %+v, want none", r.Return)
			case tt.returnDisp != "" && r.Return == nil:
				t.Errorf("no return walk, want %s", tt.returnDisp)
			case r.Return != nil:
				if r.Return.Disposition != tt.returnDisp {
					t.Errorf("return %s, want %s", r.Return.Disposition, tt.returnDisp)
				}
				back := traceRun{Hops: r.Return.Hops}
				if got := back.components(); !containsInOrder(got, tt.returnComponent) {
					t.Errorf("return components %s, want %v in this order", got, tt.returnComponent)
				}
			}
		})
	}
}

func containsInOrder(s string, parts []string) bool {
	for _, p := range parts {
		i := strings.Index(s, p)
		if i < 0 {
			return false
		}
		s = s[i+len(p):]
	}
	return true
}

func TestTraceText(t *testing.T) {
	code, stdout, _ := run(t, "trace", "--from", "web-1", "--to", "app-1", "--port", "22", "example:public-private")
	if code != exitFindings {
		t.Fatalf("exit %d, want %d:\n%s", code, exitFindings, stdout)
	}
	for _, want := range []string{"packet: tcp 10.0.0.10:49152 -> 10.0.10.10:22", "COMPONENT", "DECISION", "forward: DENIED_OUT (SG_EGRESS_DENY)"} {
		if !strings.Contains(stdout, want) {
			t.Errorf("output lacks %q:\n%s", want, stdout)
		}
	}
}

func TestTraceSelectorErrorIsUsageError(t *testing.T) {
	code, _, stderr := run(t, "trace", "--from", "nosuch", "--to", "app-1", "--port", "22", "example:public-private")
	if code != exitUsage || !strings.Contains(stderr, "nosuch") {
		t.Errorf("exit %d, stderr:\n%s", code, stderr)
	}
	code, _, stderr = run(t, "trace", "--from", "web-1", "--to", "app-1", "--port", "22", "--src-ip", "10.9.9.9", "example:public-private")
	if code != exitUsage || !strings.Contains(stderr, "--src-ip") {
		t.Errorf("exit %d, stderr:\n%s", code, stderr)
	}
}
