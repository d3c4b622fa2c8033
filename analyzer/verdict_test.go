package analyzer

import (
	"strings"
	"testing"

	"github.com/vpcheck/vpcheck/analyzer/internal/enginetest"
	"github.com/vpcheck/vpcheck/model"
)

// TestVerdictRepliesIncluded: a flow is reachable only when its replies
// come back. Network ACLs are stateless, so a server whose ACL lets out
// only port 22 receives requests to 443 but never answers them, and no TCP
// handshake completes:
// https://docs.aws.amazon.com/vpc/latest/userguide/nacl-ephemeral-ports.html
func TestVerdictRepliesIncluded(t *testing.T) {
	d := enginetest.Load(t, "../rules/testdata/reachability/verdict/network.net.hcl")
	an := New(d)
	tests := []struct {
		from, to string
		port     uint16
		arrives  bool
		verdict  Verdict
		ret      string
		meets    map[Expectation]bool
		why      string // part of the reason --expect reachable fails
	}{
		{"client-1", "server-1", 443, true, VerdictUnreachable, ReturnBlocked,
			map[Expectation]bool{ExpectReachable: false, ExpectForward: true, ExpectUnreachable: true, ExpectBlocked: false}, "no reply comes back"},
		{"server-1", "client-1", 22, true, VerdictReachable, ReturnOK,
			map[Expectation]bool{ExpectReachable: true, ExpectForward: true, ExpectUnreachable: false, ExpectBlocked: false}, ""},
		// The server's ACL lets out only port 22: no packet to 443 arrives.
		{"server-1", "client-1", 443, false, VerdictUnreachable, ReturnNA,
			map[Expectation]bool{ExpectReachable: false, ExpectForward: false, ExpectUnreachable: true, ExpectBlocked: true}, "unreachable"},
	}
	for _, tt := range tests {
		a, err := an.Reach(Query{From: tt.from, To: tt.to, Protocol: model.ProtoTCP, Ports: ports(tt.port, tt.port)})
		if err != nil {
			t.Fatal(err)
		}
		if a.Arrives != tt.arrives || a.Verdict != tt.verdict || a.Return != tt.ret {
			t.Errorf("%s -> %s:%d: arrives=%v verdict=%s return=%s, want %v %s %s", tt.from, tt.to, tt.port, a.Arrives, a.Verdict, a.Return, tt.arrives, tt.verdict, tt.ret)
		}
		for e, want := range tt.meets {
			if got, why := a.Meets(e); got != want {
				t.Errorf("%s -> %s:%d meets %s = %v (%s), want %v", tt.from, tt.to, tt.port, e, got, why, want)
			}
		}
		if _, why := a.Meets(ExpectReachable); !strings.Contains(why, tt.why) {
			t.Errorf("%s -> %s:%d: reason %q lacks %q", tt.from, tt.to, tt.port, why, tt.why)
		}
	}
}

// A partial return (replies pass for some client ports only) fails
// "reachable" and passes "forward", but is not "unreachable": some
// connections work.
func TestVerdictPartial(t *testing.T) {
	d := enginetest.Load(t, "testdata/cases/nacl.net.hcl")
	a, err := New(d).Reach(Query{From: "open-1", To: "oneway-1", Protocol: model.ProtoTCP, Ports: ports(443, 443), SrcPorts: &model.PortRange{From: 443, To: 444}})
	if err != nil {
		t.Fatal(err)
	}
	if a.Return != ReturnPartial || a.Verdict != VerdictReachable {
		t.Fatalf("return %s verdict %s, want partial, reachable", a.Return, a.Verdict)
	}
	for e, want := range map[Expectation]bool{ExpectReachable: false, ExpectForward: true, ExpectUnreachable: false, ExpectBlocked: false} {
		if got, why := a.Meets(e); got != want {
			t.Errorf("meets %s = %v (%s), want %v", e, got, why, want)
		}
	}
}

// TestMeetsBlocked: "blocked" asks that no packet arrive; "unreachable"
// that no connection can be made. Both fail on an unknown answer, unless
// packets are proven to arrive (then "blocked" fails for that).
func TestMeetsBlocked(t *testing.T) {
	unk := []Blocker{{Message: "route to carrier gateway cagw"}}
	tests := []struct {
		name string
		a    Answer
		want map[Expectation]bool
		why  string // part of the reason "blocked" fails
	}{
		{"nothing arrives", Answer{Verdict: VerdictUnreachable, Return: ReturnNA},
			map[Expectation]bool{ExpectBlocked: true, ExpectUnreachable: true, ExpectForward: false, ExpectReachable: false}, ""},
		{"requests arrive unanswered", Answer{Arrives: true, Verdict: VerdictUnreachable, Return: ReturnBlocked},
			map[Expectation]bool{ExpectBlocked: false, ExpectUnreachable: true, ExpectForward: true, ExpectReachable: false}, "the packets arrive"},
		{"reachable", Answer{Arrives: true, Verdict: VerdictReachable, Return: ReturnOK},
			map[Expectation]bool{ExpectBlocked: false, ExpectUnreachable: false, ExpectForward: true, ExpectReachable: true}, "reachable"},
		{"unknown, nothing proven to arrive", Answer{Verdict: VerdictUnknown, Return: ReturnNA, Unknown: unk},
			map[Expectation]bool{ExpectBlocked: false, ExpectUnreachable: false, ExpectForward: false, ExpectReachable: false}, "carrier gateway"},
		{"arrives, replies unknown", Answer{Arrives: true, Verdict: VerdictUnknown, Return: ReturnBlocked, Unknown: unk},
			map[Expectation]bool{ExpectBlocked: false, ExpectUnreachable: false, ExpectForward: true, ExpectReachable: false}, "the packets arrive"},
	}
	for _, tt := range tests {
		for e, want := range tt.want {
			if got, why := tt.a.Meets(e); got != want {
				t.Errorf("%s: meets %s = %v (%s), want %v", tt.name, e, got, why, want)
			}
		}
		if ok, why := tt.a.Meets(ExpectBlocked); !ok && !strings.Contains(why, tt.why) {
			t.Errorf("%s: reason %q lacks %q", tt.name, why, tt.why)
		}
	}
}
