package rules

import (
	"strings"
	"testing"

	"github.com/vpcheck/vpcheck/analyzer"
	"github.com/vpcheck/vpcheck/analyzer/dataplane"
	"github.com/vpcheck/vpcheck/analyzer/fastpath"
	"github.com/vpcheck/vpcheck/model"
)

// describeGap renders the denied reply ports per client kind, for tests.
func describeGap(an *analyzer.Analyzer, g EphemeralGap) string {
	ops := g.Engine.Space()
	var parts []string
	for i, k := range ClientKinds {
		if ops.IsEmpty(g.Denied[i]) {
			continue
		}
		var ports []string
		for _, f := range ops.Flows(g.Denied[i]) {
			for _, r := range f.DstPorts {
				ports = append(ports, model.PortRange{From: r.Lo, To: r.Hi}.String())
			}
		}
		parts = append(parts, k.Name+" "+strings.Join(ports, ","))
	}
	return g.ACL.Name + " " + g.Direction.String() + ": " + strings.Join(parts, "; ")
}

func TestEphemeralGapsThreeTier(t *testing.T) {
	an := analyzerFor(t, "example:three-tier-nacl")
	got := map[string]string{}
	for _, g := range ephemeralGaps(an) {
		got[g.ACL.Name+"/"+g.Direction.String()] = describeGap(an, g)
	}
	if g, ok := got["app/egress"]; !ok || !strings.Contains(g, "1024-32767") {
		t.Errorf("app egress gap: %q (all: %v)", g, got)
	}
	if g, ok := got["db/egress"]; !ok || !strings.Contains(g, "Linux 32768-49151") {
		t.Errorf("db egress gap: %q (all: %v)", g, got)
	}
	for k, g := range got {
		if k != "app/egress" && k != "db/egress" {
			t.Errorf("unexpected gap %s", g)
		}
	}
	if gaps := ephemeralGaps(analyzerFor(t, "example:public-private")); len(gaps) != 0 {
		t.Errorf("public-private is built right, got gaps %v", gaps)
	}
}

// TestEphemeralGapWitnessesReplay: every gap carries the engine's witness
// — a request whose reply the ACL drops (client side), a reply the ACL
// drops (server side) — and the fast path must reach the same conclusion:
// the request is delivered and its reply dropped by that ACL's ingress
// rules; the reply is dropped by its egress rules. Network ACLs are stateless
// (https://docs.aws.amazon.com/vpc/latest/userguide/nacl-ephemeral-ports.html)
// and are not evaluated from a transit gateway into its attachment subnet
// (https://docs.aws.amazon.com/vpc/latest/tgw/tgw-nacls.html), which
// testdata/nacl-ephemeral-gap/tgw.net.hcl holds silent.
func TestEphemeralGapWitnessesReplay(t *testing.T) {
	witnesses := 0
	for _, net := range []string{"testdata/nacl-ephemeral-gap/gaps.net.hcl", "testdata/nacl-ephemeral-gap/tgw.net.hcl",
		"testdata/nacl-ephemeral-gap/tgw-server.net.hcl", "testdata/nacl-ephemeral-gap/hostless.net.hcl",
		"testdata/nacl-ephemeral-gap/complete.net.hcl", "example:three-tier-nacl", "example:public-private", "example:tgw-hub"} {
		an := analyzerFor(t, net)
		d := an.Dataplane()
		for _, g := range ephemeralGaps(an) {
			if !g.Denies() {
				continue // only what is not modelled: no witness to replay
			}
			if g.Witness == nil {
				t.Errorf("%s: gap of %s (%s) has no witness", net, g.ACL.Name, g.Direction)
				continue
			}
			witnesses++
			var sess fastpath.Sessions
			if g.Direction == model.Egress {
				// A server's reply, walked back: the ACL's egress rules drop it.
				back := an.FastPath().Reply(g.Witness.Start, g.Witness.Packet, &sess, false)
				if o := back.Explained(); !g.Witness.Reply || o.Code != dataplane.CodeNACLEgressDeny || o.Component != model.Object(g.ACL) {
					t.Errorf("%s: the reply witness %s of %s ends %s at %v, not denied by its egress rules", net, g.Witness.Packet, g.ACL.Name, o.Code, o.Component)
				}
				continue
			}
			fwd := an.FastPath().Forward(g.Witness.Start, g.Witness.Packet, &sess, false)
			if !fwd.Delivered {
				t.Errorf("%s: witness %s of %s is not delivered: %s", net, g.Witness.Packet, g.ACL.Name, fwd.Outcome.Code)
				continue
			}
			back := an.FastPath().Reply(d.Nodes[fwd.Node].ReplyFrom, fwd.Final.Reply(), &sess, false)
			if o := back.Explained(); o.Code != dataplane.CodeNACLIngressDeny || o.Component != model.Object(g.ACL) {
				t.Errorf("%s: the reply to witness %s of %s ends %s at %v, not denied by its ingress rules", net, g.Witness.Packet, g.ACL.Name, o.Code, o.Component)
			}
		}
	}
	if witnesses == 0 {
		t.Fatal("no client-side gap replayed")
	}
}

func TestEphemeralGapMessages(t *testing.T) {
	an := analyzerFor(t, "testdata/nacl-ephemeral-gap/gaps.net.hcl")
	for _, g := range ephemeralGaps(an) {
		if g.Direction == model.Ingress && peersText(g.Engine, g.Denied, dataplane.FieldSrc) != "10.0.1.10/32" {
			t.Errorf("the servers whose replies tools drops are %q, want app-1's 10.0.1.10/32", peersText(g.Engine, g.Denied, dataplane.FieldSrc))
		}
	}
	got := mergePorts([]model.PortRange{{From: 1434, To: 32767}, {From: 1024, To: 1432}, {From: 1024, To: 32767}, {From: 40000, To: 40001}, {From: 40002, To: 40010}})
	if len(got) != 2 || got[0] != (model.PortRange{From: 1024, To: 32767}) || got[1] != (model.PortRange{From: 40000, To: 40010}) {
		t.Errorf("mergePorts = %v", got)
	}
}
