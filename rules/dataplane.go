package rules

import (
	"github.com/vpcheck/vpcheck/analyzer"
	"github.com/vpcheck/vpcheck/analyzer/dataplane"
	"github.com/vpcheck/vpcheck/analyzer/symbolic"
)

// Dataplane is the compiled data plane and the engines on it (an
// analyzer.Analyzer), built once per lint run for the rules that reason
// about packets. The symbolic engine's packet sets are not safe for
// concurrent use, so the rules that require it run one after another.
var Dataplane = &Analysis{
	Name:   "dataplane",
	Serial: true,
	Run: func(p *Pass) (any, error) {
		return analyzer.New(dataplane.Compile(p.Network)), nil
	},
}

func analyzerOf(p *Pass) *analyzer.Analyzer { return mustResultOf[*analyzer.Analyzer](p, Dataplane) }

func symbolicOf(p *Pass) *symbolic.Engine { return analyzerOf(p).Symbolic() }
