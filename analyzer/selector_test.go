package analyzer

import (
	"errors"
	"strings"
	"testing"

	"github.com/vpcheck/vpcheck/analyzer/internal/enginetest"
)

func TestSelectNames(t *testing.T) {
	a := New(enginetest.Load(t, "testdata/selectors.net.hcl"))
	for _, tc := range []struct {
		sel string
		// label is the endpoint selected; problem and candidates the error.
		label, problem string
		candidates     []string
	}{
		{sel: "app", problem: "ambiguous", candidates: []string{"instance:app", "subnet:app"}},
		{sel: "subnet:app", label: "subnet app"},
		{sel: "instance:app", label: "instance app"},
		{sel: "proxy", label: "instance proxy"},
		{sel: "eni:proxy", label: "network_interface proxy"},
		{sel: "cache", problem: "ambiguous", candidates: []string{"instance:cache", "network_interface:cache"}},
		{sel: "db", label: "instance db"},
		{sel: "shop", label: "vpc shop"},
		{sel: "subnett:app", problem: `did you mean "subnet:app"?`},
		{sel: "instnce:prxy", problem: `did you mean "instance:proxy"?`},
		{sel: "instance:prxy", problem: `did you mean "instance:proxy"?`},
		{sel: "prxy", problem: `did you mean "proxy"?`},
	} {
		ep, err := a.Select(tc.sel)
		var se *SelectorError
		switch {
		case tc.problem == "" && err != nil:
			t.Errorf("Select(%q): %v", tc.sel, err)
		case tc.problem == "" && ep.Label != tc.label:
			t.Errorf("Select(%q) = %s, want %s", tc.sel, ep.Label, tc.label)
		case tc.problem != "" && !errors.As(err, &se):
			t.Errorf("Select(%q) = %v, %v; want %q", tc.sel, ep, err, tc.problem)
		case tc.problem != "" && (!strings.Contains(se.Problem, tc.problem) || strings.Join(se.Candidates, " ") != strings.Join(tc.candidates, " ")):
			t.Errorf("Select(%q): %q %v, want %q %v", tc.sel, se.Problem, se.Candidates, tc.problem, tc.candidates)
		}
	}
}
