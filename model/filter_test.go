package model

import "testing"

func TestAWSPortRange(t *testing.T) {
	for _, c := range []struct {
		from, to       int64
		hasFrom, hasTo bool
		want           PortRange
		wantErr        bool
	}{
		{0, 0, false, false, AllPorts, false},
		{-1, -1, true, true, AllPorts, false},
		{443, 443, true, true, PortRange{443, 443}, false},
		{1024, 65535, true, true, PortRange{1024, 65535}, false},
		{22, 0, true, false, PortRange{22, 22}, false},
		{0, 80, false, true, PortRange{80, 80}, false},
		{-1, 80, true, true, PortRange{}, true},
		{90, 80, true, true, PortRange{}, true},
		{0, 65536, true, true, PortRange{}, true},
	} {
		got, err := AWSPortRange(c.from, c.to, c.hasFrom, c.hasTo)
		if got != c.want || (err != nil) != c.wantErr {
			t.Errorf("AWSPortRange(%d, %d, %v, %v) = %v, %v; want %v, error %v", c.from, c.to, c.hasFrom, c.hasTo, got, err, c.want, c.wantErr)
		}
	}
}

func TestAWSICMPMatch(t *testing.T) {
	for _, c := range []struct {
		typ, code        int64
		hasType, hasCode bool
		want             ICMPMatch
	}{
		{0, 0, false, false, AnyICMP},
		{-1, -1, true, true, AnyICMP},
		{8, 0, true, true, ICMPMatch{8, 0}},
		{3, -1, true, true, ICMPMatch{3, -1}},
		{3, 0, true, false, ICMPMatch{3, -1}},
		{256, 300, true, true, AnyICMP},
	} {
		if got := AWSICMPMatch(c.typ, c.code, c.hasType, c.hasCode); got != c.want {
			t.Errorf("AWSICMPMatch(%d, %d, %v, %v) = %v, want %v", c.typ, c.code, c.hasType, c.hasCode, got, c.want)
		}
	}
}
