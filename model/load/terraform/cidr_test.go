package terraform

import (
	"strings"
	"testing"

	"github.com/zclconf/go-cty/cty"
	"github.com/zclconf/go-cty/cty/function"
)

func call(t *testing.T, f function.Function, args ...cty.Value) (cty.Value, error) {
	t.Helper()
	return f.Call(args)
}

func str(s string) cty.Value { return cty.StringVal(s) }
func num(n int64) cty.Value  { return cty.NumberIntVal(n) }

// The expected values are the examples of Terraform's documentation
// (developer.hashicorp.com/terraform/language/functions/cidr*) and of its
// own function tests.
func TestCIDRSubnet(t *testing.T) {
	tests := []struct {
		prefix        string
		newbits, num  int64
		want, wantErr string
	}{
		{"172.16.0.0/12", 4, 2, "172.18.0.0/16", ""},
		{"10.1.2.0/24", 4, 15, "10.1.2.240/28", ""},
		{"fd00:fd12:3456:7890::/56", 16, 162, "fd00:fd12:3456:7800:a200::/72", ""},
		{"192.168.2.0/20", 4, 6, "192.168.6.0/24", ""},
		{"fe80::/48", 16, 6, "fe80:0:0:6::/64", ""},
		{"::ffff:192.168.0.0/112", 8, 6, "192.168.6.0/24", ""},
		{"fe80::/48", 33, 6, "fe80::3:0:0:0/81", ""},
		{"010.001.0.0/24", 4, 1, "10.1.0.16/28", ""},
		{"10.0.0.0/16", 8, 0, "10.0.0.0/24", ""},
		{"10.0.0.0/16", 8, 255, "10.0.255.0/24", ""},
		{"10.0.5.7/16", 8, 1, "10.0.1.0/24", ""},
		{"192.168.0.0/30", 4, 6, "", "insufficient address space to extend prefix of 30 by 4"},
		{"192.168.0.0/16", 2, 16, "", "prefix extension of 2 does not accommodate a subnet numbered 16"},
		{"not-a-cidr", 4, 6, "", "invalid CIDR expression"},
		{"10.256.0.0/8", 4, 6, "", "invalid CIDR expression"},
		{"10.0.0.0/8", 4, -1, "", "does not accommodate a subnet numbered -1"},
	}
	for _, tt := range tests {
		got, err := call(t, cidrSubnetFunc, str(tt.prefix), num(tt.newbits), num(tt.num))
		if tt.wantErr != "" {
			if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
				t.Errorf("cidrsubnet(%q, %d, %d): error %v, want %q", tt.prefix, tt.newbits, tt.num, err, tt.wantErr)
			}
			continue
		}
		if err != nil || got.AsString() != tt.want {
			t.Errorf("cidrsubnet(%q, %d, %d) = %#v, %v; want %q", tt.prefix, tt.newbits, tt.num, got, err, tt.want)
		}
	}
	if _, err := call(t, cidrSubnetFunc, str("10.0.0.0/8"), cty.NumberFloatVal(2.0/3.0), num(1)); err == nil {
		t.Error("cidrsubnet with a fractional newbits succeeded")
	}
}

func TestCIDRHost(t *testing.T) {
	tests := []struct {
		prefix        string
		host          int64
		want, wantErr string
	}{
		{"10.12.112.0/20", 16, "10.12.112.16", ""},
		{"10.12.112.0/20", 268, "10.12.113.12", ""},
		{"fd00:fd12:3456:7890:00a2::/72", 34, "fd00:fd12:3456:7890::22", ""},
		{"10.0.0.0/8", 2, "10.0.0.2", ""},
		{"10.0.0.0/8", -2, "10.255.255.254", ""},
		{"10.1.2.240/28", 1, "10.1.2.241", ""},
		{"10.1.2.240/28", 14, "10.1.2.254", ""},
		{"192.168.1.0/24", -5, "192.168.1.251", ""},
		{"192.168.1.0/24", -256, "192.168.1.0", ""},
		{"010.001.0.0/24", 6, "10.1.0.6", ""},
		{"192.168.1.0/30", 255, "", "prefix of 30 does not accommodate a host numbered 255"},
		{"192.168.1.0/30", -255, "", "does not accommodate a host numbered -255"},
		{"10.256.0.0/8", 6, "", "invalid CIDR expression"},
	}
	for _, tt := range tests {
		got, err := call(t, cidrHostFunc, str(tt.prefix), num(tt.host))
		if tt.wantErr != "" {
			if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
				t.Errorf("cidrhost(%q, %d): error %v, want %q", tt.prefix, tt.host, err, tt.wantErr)
			}
			continue
		}
		if err != nil || got.AsString() != tt.want {
			t.Errorf("cidrhost(%q, %d) = %#v, %v; want %q", tt.prefix, tt.host, got, err, tt.want)
		}
	}
}

func TestCIDRNetmask(t *testing.T) {
	tests := []struct{ prefix, want, wantErr string }{
		{"172.16.0.0/12", "255.240.0.0", ""},
		{"192.168.1.0/24", "255.255.255.0", ""},
		{"192.168.1.0/32", "255.255.255.255", ""},
		{"0.0.0.0/0", "0.0.0.0", ""},
		{"010.001.0.0/24", "255.255.255.0", ""},
		{"1::/64", "", "IPv6 addresses cannot have a netmask"},
		{"110.256.0.0/8", "", "invalid CIDR expression"},
	}
	for _, tt := range tests {
		got, err := call(t, cidrNetmaskFunc, str(tt.prefix))
		if tt.wantErr != "" {
			if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
				t.Errorf("cidrnetmask(%q): error %v, want %q", tt.prefix, err, tt.wantErr)
			}
			continue
		}
		if err != nil || got.AsString() != tt.want {
			t.Errorf("cidrnetmask(%q) = %#v, %v; want %q", tt.prefix, got, err, tt.want)
		}
	}
}

func TestCIDRSubnets(t *testing.T) {
	tests := []struct {
		prefix  string
		newbits []int64
		want    []string
		wantErr string
	}{
		{"10.1.0.0/16", []int64{4, 4, 8, 4}, []string{"10.1.0.0/20", "10.1.16.0/20", "10.1.32.0/24", "10.1.48.0/20"}, ""},
		{"fd00:fd12:3456:7890::/56", []int64{16, 16, 16, 32}, []string{"fd00:fd12:3456:7800::/72", "fd00:fd12:3456:7800:100::/72", "fd00:fd12:3456:7800:200::/72", "fd00:fd12:3456:7800:300::/88"}, ""},
		{"10.0.0.0/21", []int64{3, 3, 3, 4, 4, 4, 7, 7, 7}, []string{"10.0.0.0/24", "10.0.1.0/24", "10.0.2.0/24", "10.0.3.0/25", "10.0.3.128/25", "10.0.4.0/25", "10.0.4.128/28", "10.0.4.144/28", "10.0.4.160/28"}, ""},
		{"010.0.0.0/21", []int64{3}, []string{"10.0.0.0/24"}, ""},
		{"10.0.0.0/8", []int64{8, 8, 8, 8}, []string{"10.0.0.0/16", "10.1.0.0/16", "10.2.0.0/16", "10.3.0.0/16"}, ""},
		{"10.0.0.0/30", []int64{1, 3}, nil, "would extend prefix to 33 bits, which is too long for an IPv4 address"},
		{"10.0.0.0/8", []int64{1, 1, 1}, nil, "not enough remaining address space for a subnet with a prefix of 9 bits after 10.128.0.0/9"},
		{"10.0.0.0/8", []int64{1, 0}, nil, "must extend prefix by at least one bit"},
		{"10.0.0.0/8", []int64{1, -1}, nil, "must extend prefix by at least one bit"},
		{"fe80::/48", []int64{1, 33}, nil, "may not extend prefix by more than 32 bits"},
	}
	for _, tt := range tests {
		args := []cty.Value{str(tt.prefix)}
		for _, n := range tt.newbits {
			args = append(args, num(n))
		}
		got, err := cidrSubnetsFunc.Call(args)
		if tt.wantErr != "" {
			if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
				t.Errorf("cidrsubnets(%q, %v): error %v, want %q", tt.prefix, tt.newbits, err, tt.wantErr)
			}
			continue
		}
		if err != nil {
			t.Errorf("cidrsubnets(%q, %v): %v", tt.prefix, tt.newbits, err)
			continue
		}
		var gs []string
		for _, v := range got.AsValueSlice() {
			gs = append(gs, v.AsString())
		}
		if strings.Join(gs, " ") != strings.Join(tt.want, " ") {
			t.Errorf("cidrsubnets(%q, %v) = %v, want %v", tt.prefix, tt.newbits, gs, tt.want)
		}
	}
	empty, err := cidrSubnetsFunc.Call([]cty.Value{str("10.0.0.0/8")})
	if err != nil || empty.LengthInt() != 0 {
		t.Errorf("cidrsubnets with no newbits = %#v, %v; want an empty list", empty, err)
	}
}
