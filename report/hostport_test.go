package report

import "testing"

// Every addr:port vpcheck writes brackets IPv6 (RFC 3986 §3.2.2), diff's
// example packets included.
func TestHostPortBracketsIPv6(t *testing.T) {
	if got := HostPort("2001:db8::10", 443); got != "[2001:db8::10]:443" {
		t.Errorf("HostPort(v6) = %q", got)
	}
	if got := HostPort("10.0.0.1", 22); got != "10.0.0.1:22" {
		t.Errorf("HostPort(v4) = %q", got)
	}
	p := PacketJSON{Protocol: "tcp", SrcIP: "2001:db8:ffff::10", DstIP: "2001:db8::5", SrcPort: 49152, DstPort: 443}
	if got, want := packetText(p), "tcp [2001:db8:ffff::10]:49152 -> [2001:db8::5]:443"; got != want {
		t.Errorf("diff packetText = %q, want %q", got, want)
	}
}
