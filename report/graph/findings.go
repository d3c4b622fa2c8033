package graph

import (
	"github.com/vpcheck/vpcheck/model"
	"github.com/vpcheck/vpcheck/report"
	"github.com/vpcheck/vpcheck/rules"
)

// AddFindings lists lint findings on the graph, each with the element that
// stands for its resource: the object's own, a network ACL's first subnet,
// a security group's first member drawn. net is the network the graph was
// built from.
func (g *Graph) AddFindings(net *model.Network, fs []rules.Finding) {
	byAddr := map[string]string{}
	put := func(o model.Object, el string) {
		if el == "" {
			return
		}
		if a := rules.Address(o); byAddr[a] == "" {
			byAddr[a] = el
		}
	}
	for _, o := range net.Objects() {
		put(o, g.elementOf[o])
	}
	for _, s := range net.Subnets {
		if s.NetworkACL != nil {
			put(s.NetworkACL, g.elementOf[s])
		}
	}
	for _, e := range net.Interfaces {
		for _, sg := range model.Targets[*model.SecurityGroup](e.SecurityGroups) {
			put(sg, g.nodeOf[e])
		}
	}
	for _, f := range fs {
		out := Finding{Rule: f.Rule, Severity: f.Severity.String(), Message: report.Printable(f.Message),
			Resource: report.Printable(f.Resource), Element: byAddr[f.Resource]}
		if l := report.LocationOf(&f.Range); l != nil {
			out.Location = report.Printable(l.String())
		}
		g.Findings = append(g.Findings, out)
	}
}
