package rules

import (
	"strings"
	"testing"

	"github.com/vpcheck/vpcheck/model"
)

func TestValidateRegistry(t *testing.T) {
	if err := Validate(All()); err != nil {
		t.Fatal(err)
	}
}

func TestValidateCycle(t *testing.T) {
	a := &Analysis{Name: "a", Run: func(*Pass) (any, error) { return nil, nil }}
	b := &Analysis{Name: "b", Requires: []*Analysis{a}, Run: a.Run}
	a.Requires = []*Analysis{b}
	err := Validate([]*Rule{{ID: "r", Requires: []*Analysis{a}}})
	if err == nil || !strings.Contains(err.Error(), "rule r -> a -> b -> a") {
		t.Fatalf("Validate = %v, want the cycle a -> b -> a", err)
	}
	if err := Validate([]*Rule{{ID: "r", Requires: []*Analysis{{Name: "x"}}}}); err == nil {
		t.Error("Validate accepted an analysis without Run")
	}
}

// A rule is serial when an analysis it requires needs, however deeply, one
// that is not safe for concurrent use.
func TestSerialIsTransitive(t *testing.T) {
	run := func(*Pass) (any, error) { return 1, nil }
	base := &Analysis{Name: "base", Serial: true, Run: run}
	mid := &Analysis{Name: "mid", Requires: []*Analysis{base}, Run: run}
	free := &Analysis{Name: "free", Run: run}
	if !needsSerial(&Rule{Requires: []*Analysis{free, mid}}) {
		t.Error("a rule requiring mid (which requires a serial analysis) is not serial")
	}
	if needsSerial(&Rule{Requires: []*Analysis{free}}) {
		t.Error("a rule requiring only free is serial")
	}
	if !Asymmetries.serial() || !Exposures.serial() {
		t.Error("the exploring analyses are not serial")
	}
}

func TestResultOf(t *testing.T) {
	n := &Analysis{Name: "n", Run: func(*Pass) (any, error) { return 42, nil }}
	other := &Analysis{Name: "other", Run: n.Run}
	// An analysis reads another it requires; the rule reads both.
	sum := &Analysis{Name: "sum", Requires: []*Analysis{n}, Run: func(p *Pass) (any, error) {
		v, err := resultOf[int](p, n)
		return v + 1, err
	}}
	p := &Pass{Network: &model.Network{}, Rule: &Rule{ID: "r"}, requires: []*Analysis{n, sum},
		shared: &sharedResults{results: map[*Analysis]*analysisResult{}}}
	if v, err := resultOf[int](p, sum); err != nil || v != 43 {
		t.Errorf("resultOf(sum) = %v, %v; want 43", v, err)
	}
	if _, err := resultOf[string](p, n); err == nil || !strings.Contains(err.Error(), "returned int, not string") {
		t.Errorf("resultOf[string] of an int analysis: %v", err)
	}
	if _, err := resultOf[int](p, other); err == nil || !strings.Contains(err.Error(), "without requiring it") {
		t.Errorf("reading an analysis not required: %v", err)
	}
	// An analysis cannot read what it does not require either.
	sneaky := &Analysis{Name: "sneaky", Run: func(p *Pass) (any, error) { return resultOf[int](p, n) }}
	p.requires = append(p.requires, sneaky)
	if _, err := resultOf[int](p, sneaky); err == nil || !strings.Contains(err.Error(), "analysis sneaky reads analysis n without requiring it") {
		t.Errorf("an analysis reading what it does not require: %v", err)
	}
}
