package rules

import (
	"github.com/vpcheck/vpcheck/analyzer"
)

// Dataplane is the compiled data plane and the symbolic engine on it,
// built once per lint run for the rules that reason about packets. The
// engine's packet sets are not safe for concurrent use, so the rules that
// require it run one after another.
var Dataplane = &Analysis{
	Name:   "dataplane",
	Serial: true,
	Run: func(p *Pass) (any, error) {
		return analyzer.NewSymbolic(analyzer.Compile(p.Network)), nil
	},
}

func symbolicOf(p *Pass) *analyzer.Symbolic {
	v, err := p.ResultOf(Dataplane)
	if err != nil {
		panic(err) // building the data plane cannot fail
	}
	return v.(*analyzer.Symbolic)
}
