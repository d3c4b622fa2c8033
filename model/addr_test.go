package model

import (
	"net/netip"
	"reflect"
	"testing"
)

func TestLastAddr(t *testing.T) {
	for p, want := range map[string]string{
		"0.0.0.0/0":          "255.255.255.255",
		"10.0.0.0/8":         "10.255.255.255",
		"10.0.0.0/16":        "10.0.255.255",
		"10.0.1.0/24":        "10.0.1.255",
		"10.0.1.7/32":        "10.0.1.7",
		"::/0":               "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff",
		"2001:db8::/32":      "2001:db8:ffff:ffff:ffff:ffff:ffff:ffff",
		"2001:db8::/56":      "2001:db8:0:ff:ffff:ffff:ffff:ffff",
		"2001:db8:1:2::/64":  "2001:db8:1:2:ffff:ffff:ffff:ffff",
		"2001:db8:1:2::/96":  "2001:db8:1:2::ffff:ffff",
		"2001:db8::5/128":    "2001:db8::5",
		"2001:db8:1200::/56": "2001:db8:1200:ff:ffff:ffff:ffff:ffff",
	} {
		if got := LastAddr(netip.MustParsePrefix(p)); got != netip.MustParseAddr(want) {
			t.Errorf("LastAddr(%s) = %s, want %s", p, got, want)
		}
	}
}

func TestRangePrefixes(t *testing.T) {
	got := RangePrefixes(netip.MustParseAddr("10.0.0.0"), netip.MustParseAddr("10.0.2.255"))
	want := []netip.Prefix{netip.MustParsePrefix("10.0.0.0/23"), netip.MustParsePrefix("10.0.2.0/24")}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("RangePrefixes = %v, want %v", got, want)
	}
	if got := RangePrefixes(netip.MustParseAddr("10.0.0.1"), netip.MustParseAddr("10.0.0.0")); got != nil {
		t.Errorf("a reversed range = %v, want nil", got)
	}
}

func TestCoverPrefix(t *testing.T) {
	for _, c := range [][3]string{
		{"10.0.0.0", "10.0.255.255", "10.0.0.0/16"},
		{"10.0.1.0", "10.0.2.0", "10.0.0.0/22"},
		{"10.0.0.5", "10.0.0.5", "10.0.0.5/32"},
		{"10.0.0.0", "200.0.0.0", "0.0.0.0/0"},
		{"2001:db8::", "2001:db8::1:0", "2001:db8::/111"},
	} {
		got := CoverPrefix(netip.MustParseAddr(c[0]), netip.MustParseAddr(c[1]))
		if got != netip.MustParsePrefix(c[2]) {
			t.Errorf("CoverPrefix(%s, %s) = %s, want %s", c[0], c[1], got, c[2])
		}
	}
}
