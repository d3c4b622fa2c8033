package rules

import (
	"github.com/vpcheck/vpcheck/analyzer"
	"github.com/vpcheck/vpcheck/analyzer/dataplane"
	"github.com/vpcheck/vpcheck/analyzer/symbolic"
)

// Plane is the compiled data plane, built once per lint run, as an
// analyzer.Analyzer. The data plane is immutable, so rules and analyses
// that read only it (and make engines of their own) may run concurrently;
// those that use the analyzer's symbolic engine require Dataplane.
var Plane = &Analysis{
	Name: "plane",
	Run: func(p *Pass) (any, error) {
		return analyzer.New(dataplane.Compile(p.Network)), nil
	},
}

// Dataplane is Plane with the analyzer's engines for the rules that reason
// about packets through them. The symbolic engine's packet sets are not
// safe for concurrent use, so the rules that require it run one after
// another.
var Dataplane = &Analysis{
	Name:     "dataplane",
	Requires: []*Analysis{Plane},
	Serial:   true,
	Run: func(p *Pass) (any, error) {
		return p.ResultOf(Plane)
	},
}

func planeOf(p *Pass) *analyzer.Analyzer { return mustResultOf[*analyzer.Analyzer](p, Plane) }

func analyzerOf(p *Pass) *analyzer.Analyzer { return mustResultOf[*analyzer.Analyzer](p, Dataplane) }

func symbolicOf(p *Pass) *symbolic.Engine { return analyzerOf(p).Symbolic() }
