package impact_test

import (
	"fmt"
	"math/rand"
	"sort"
	"testing"

	"github.com/vpcheck/vpcheck/analyzer/impact"
	"github.com/vpcheck/vpcheck/fixtures"
	"github.com/vpcheck/vpcheck/fixtures/generate"
	"github.com/vpcheck/vpcheck/model"
	"github.com/vpcheck/vpcheck/model/load"
	"github.com/vpcheck/vpcheck/rules"
)

// TestIncrementalFindings checks that the findings a diff reports new and
// fixed, skipping the rules it proves unaffected (rules.DiffFindings), are
// exactly the fingerprint difference of two full lints, for random
// single-object mutations of every example and of a generated network.
// It also counts how often rules were skipped: a declaration that skips
// nothing would pass trivially.
func TestIncrementalFindings(t *testing.T) {
	r := rand.New(rand.NewSource(1414))
	type network struct {
		name string
		load func() *model.Network
	}
	var nets []network
	for _, ex := range fixtures.Examples() {
		name := ex.Name
		nets = append(nets, network{name, func() *model.Network {
			n, diags := load.Paths([]string{load.ExamplePrefix + name}, load.Options{})
			if diags.HasErrors() || n == nil {
				t.Fatalf("example %s: %v", name, diags)
			}
			return n
		}})
	}
	nets = append(nets, network{"generated-12", func() *model.Network {
		n := generate.Network(generate.Default(12))
		if diags := n.Link(); diags.HasErrors() {
			t.Fatal(diags)
		}
		return n
	}})
	runs, skipped, scoped, findings := 0, 0, 0, 0
	for _, nw := range nets {
		for _, m := range impact.Mutations() {
			for k := 0; k < 2; k++ {
				before, after := nw.load(), nw.load()
				what, ok := m.Apply(after, r)
				if !ok {
					break
				}
				name := fmt.Sprintf("%s/%s/%s/%d", nw.name, m.Name, what, k)
				res, err := impact.Compare(before, after)
				if err != nil {
					t.Fatalf("%s: %v", name, err)
				}
				got, err := rules.DiffFindings(res, before, after, nil)
				if err != nil {
					t.Fatalf("%s: %v", name, err)
				}
				fb, _, err := rules.Run(before, nil)
				if err != nil {
					t.Fatal(err)
				}
				fa, _, err := rules.Run(after, nil)
				if err != nil {
					t.Fatal(err)
				}
				wantNew, wantFixed := rules.MatchFindings(fb, fa)
				if g, w := prints(got.New), prints(wantNew); g != w {
					t.Errorf("%s: new findings (skipped %v):\nincremental %s\nfull        %s", name, got.Skipped, g, w)
				}
				if g, w := prints(got.Fixed), prints(wantFixed); g != w {
					t.Errorf("%s: fixed findings (skipped %v):\nincremental %s\nfull        %s", name, got.Skipped, g, w)
				}
				runs++
				skipped += len(got.Skipped)
				scoped += len(got.Scoped)
				findings += len(wantNew) + len(wantFixed)
			}
		}
	}
	t.Logf("%d mutations, %d rules skipped, %d scoped, %d findings new or fixed", runs, skipped, scoped, findings)
	if runs < 20 || skipped == 0 || scoped == 0 || findings == 0 {
		t.Fatalf("too few mutations (%d), skips (%d), scoped runs (%d) or findings (%d) to mean anything", runs, skipped, scoped, findings)
	}
}

func prints(fs []rules.Finding) string {
	var out []string
	for _, f := range fs {
		out = append(out, f.Rule+":"+f.Fingerprint())
	}
	sort.Strings(out)
	return fmt.Sprint(out)
}
