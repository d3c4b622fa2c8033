package rules

import (
	"errors"
	"fmt"

	"github.com/vpcheck/vpcheck/analyzer"
	"github.com/vpcheck/vpcheck/analyzer/dataplane"
	"github.com/vpcheck/vpcheck/model"
)

// Reachability checks the `assert` blocks of .vpcheck.hcl: each says that
// packets from one place to another must (or must not) arrive. The answer
// is the symbolic engine's — every packet of the protocol and ports, not a
// sample — so an assertion holds for the whole network as written.
var Reachability = &Rule{
	ID:       "reachability",
	Severity: Error,
	Requires: []*Analysis{Dataplane},
	Run: func(p *Pass) error {
		if len(p.Assertions) == 0 {
			return nil
		}
		an := analyzerOf(p)
		for _, a := range p.Assertions {
			q := analyzer.Query{From: a.From, To: a.To, Protocol: a.Protocol, Ports: a.Ports}
			what := fmt.Sprintf("assertion %q: %s -> %s %s", a.Name, a.From, a.To, trafficText(a.Protocol, a.Ports))
			ans, err := an.Reach(q)
			var sel *analyzer.SelectorError
			switch {
			case errors.As(err, &sel):
				p.Report(Finding{Message: fmt.Sprintf("%s cannot be checked: %s", what, sel.Error()), Range: a.Range, Resource: "assert." + a.Name,
					Fix: "name objects that exist in the network: see 'vpcheck validate' for the inventory"})
				continue
			case err != nil:
				return err
			}
			ok, why := ans.Meets(a.Expect)
			if ok {
				continue
			}
			f := Finding{Message: fmt.Sprintf("%s is %s", what, why), Range: a.Range, Resource: "assert." + a.Name}
			switch {
			case ans.Verdict == analyzer.VerdictUnknown:
				f.Related = blockersRelated(ans.Unknown)
				f.Fix = "vpcheck cannot follow the packets past what it does not model: check that part by hand, or model it"
			case a.Expect == ExpectUnreachable || a.Expect == ExpectBlocked:
				f.Related = witnessRelated(an.Dataplane(), ans)
				f.Fix = "block the path at one of the places listed: a security group or network ACL rule, or a route"
			case ans.Arrives && a.Expect == ExpectReachable:
				f.Related, f.Fix = blockersRelated(ans.ReturnBlockedBy), firstFix(ans.ReturnBlockedBy)
			default:
				f.Related, f.Fix = blockersRelated(ans.BlockedBy), firstFix(ans.BlockedBy)
			}
			p.Report(f)
		}
		return nil
	},
}

func trafficText(proto model.Protocol, ports *model.PortRange) string {
	s := proto.String()
	if ports != nil {
		s += "/" + ports.String()
	}
	return s
}

func blockersRelated(bs []analyzer.Blocker) []Related {
	var out []Related
	for _, b := range bs {
		r := Related{Message: fmt.Sprintf("%s: %s", b.Code, b.Message), Range: b.Range}
		if b.Component != nil {
			r.Resource = Address(b.Component)
		}
		out = append(out, r)
	}
	return out
}

func firstFix(bs []analyzer.Blocker) string {
	if len(bs) == 0 {
		return ""
	}
	return "fix what blocks it first: " + bs[0].Message
}

// witnessRelated lists the hops of the witness packet's path.
func witnessRelated(d *dataplane.Dataplane, ans *analyzer.Answer) []Related {
	if ans.WitnessTrace == nil {
		return nil
	}
	var out []Related
	for _, h := range ans.WitnessTrace.Hops {
		e := d.Edges[h.Edge]
		r := Related{Message: "path: " + e.Via, Range: e.Range}
		if e.ViaObj != nil {
			r.Resource = Address(e.ViaObj)
		}
		out = append(out, r)
	}
	return out
}
