package rules

import (
	"strings"
	"testing"

	"github.com/vpcheck/vpcheck/analyzer"
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
