package impact

import (
	"math/rand"

	"github.com/vpcheck/vpcheck/model"
)

// Mutation is a mutation for the external tests (findings_test.go).
type Mutation struct {
	Name  string
	Apply func(n *model.Network, r *rand.Rand) (string, bool)
}

// Mutations are the agreement test's single-object mutations.
func Mutations() []Mutation {
	out := make([]Mutation, len(mutations))
	for i, m := range mutations {
		out[i] = Mutation{m.name, m.apply}
	}
	return out
}
