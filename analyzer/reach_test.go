package analyzer

import (
	"testing"

	"github.com/vpcheck/vpcheck/analyzer/dataplane"
	"github.com/vpcheck/vpcheck/analyzer/internal/enginetest"
	"github.com/vpcheck/vpcheck/model"
)

func ports(lo, hi uint16) *model.PortRange { return &model.PortRange{From: lo, To: hi} }

func TestReachDemo(t *testing.T) {
	d := enginetest.Load(t, "testdata/demo.net.hcl")
	s := New(d)
	cases := []struct {
		q         Query
		reachable bool
		ret       string
		code      dataplane.Code // first blocker when unreachable
	}{
		{Query{From: "web-1", To: "app-1", Protocol: model.ProtoTCP, Ports: ports(8080, 8080)}, true, ReturnOK, ""},
		{Query{From: "web-1", To: "app-1", Protocol: model.ProtoTCP, Ports: ports(22, 22)}, false, "", dataplane.CodeSGEgressDeny},
		{Query{From: "internet", To: "web-1", Protocol: model.ProtoTCP, Ports: ports(443, 443)}, true, ReturnOK, ""},
		{Query{From: "internet", To: "app-1", Protocol: model.ProtoTCP, Ports: ports(443, 443)}, false, "", dataplane.CodeIGWNoPublicIP},
		{Query{From: "app-1", To: "internet", Protocol: model.ProtoTCP, Ports: ports(443, 443)}, true, ReturnOK, ""},
		{Query{From: "app-1", To: "8.8.8.8", Protocol: model.ProtoUDP, Ports: ports(53, 53)}, false, "", dataplane.CodeSGEgressDeny},
	}
	for _, c := range cases {
		a, err := s.Reach(c.q)
		if err != nil {
			t.Errorf("%+v: %v", c.q, err)
			continue
		}
		if a.Arrives != c.reachable {
			t.Errorf("%s -> %s %v: reachable=%v, want %v (blocked by %+v)", c.q.From, c.q.To, c.q.Ports, a.Arrives, c.reachable, a.BlockedBy)
			continue
		}
		if c.reachable && a.Return != c.ret {
			t.Errorf("%s -> %s: return %s, want %s (%+v)", c.q.From, c.q.To, a.Return, c.ret, a.ReturnBlockedBy)
		}
		if !c.reachable && (len(a.BlockedBy) == 0 || a.BlockedBy[0].Code != c.code) {
			t.Errorf("%s -> %s: blocked by %+v, want %s", c.q.From, c.q.To, a.BlockedBy, c.code)
		}
		if c.reachable && a.Witness == nil {
			t.Errorf("%s -> %s: no witness", c.q.From, c.q.To)
		}
	}
}

func TestReachAsymmetricNAT(t *testing.T) {
	d := enginetest.Load(t, "testdata/demo.net.hcl", "testdata/asymmetric.net.hcl")
	a, err := New(d).Reach(Query{From: "internet", To: "public-in-private", Protocol: model.ProtoTCP, Ports: ports(443, 443)})
	if err != nil {
		t.Fatal(err)
	}
	if !a.Arrives || a.Return != ReturnBlocked || a.Verdict != VerdictUnreachable {
		t.Fatalf("arrives=%v return=%s verdict=%s, want arriving with blocked return: unreachable", a.Arrives, a.Return, a.Verdict)
	}
	if len(a.ReturnBlockedBy) == 0 || a.ReturnBlockedBy[0].Code != dataplane.CodeAsymmetric {
		t.Errorf("return blocked by %+v, want %s", a.ReturnBlockedBy, dataplane.CodeAsymmetric)
	}
}
