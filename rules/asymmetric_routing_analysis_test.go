package rules

import (
	"strings"
	"testing"

	"github.com/vpcheck/vpcheck/analyzer"
	"github.com/vpcheck/vpcheck/analyzer/dataplane"
)

func TestAsymmetriesExamples(t *testing.T) {
	cases := map[string]string{
		"hybrid-vgw":     "172.20.0.0/16",
		"inspection-vpc": "web-b",
	}
	for ex, want := range cases {
		an := analyzerFor(t, "example:"+ex)
		var msgs []string
		for _, a := range asymmetries(an, exposures(an)) {
			msgs = append(msgs, string(a.Kind)+" @ "+a.Range.String()+": "+a.Message)
		}
		if !strings.Contains(strings.Join(msgs, "\n"), want) {
			t.Errorf("%s: want an asymmetry mentioning %q, got:\n%s", ex, want, strings.Join(msgs, "\n"))
		}
		t.Logf("%s:\n%s", ex, strings.Join(msgs, "\n"))
	}
	for _, ex := range []string{"public-private", "tgw-hub", "peering-transit"} {
		an := analyzerFor(t, "example:"+ex)
		if as := asymmetries(an, exposures(an)); len(as) != 0 {
			for _, a := range as {
				t.Errorf("%s: want no asymmetry, got %s @ %s: %s", ex, a.Kind, a.Range, a.Message)
			}
		}
	}
}

// analyzerFor compiles a fixture network for the engines' questions.
func analyzerFor(t *testing.T, path string) *analyzer.Analyzer {
	t.Helper()
	return analyzer.New(dataplane.Compile(loadFixture(t, path)))
}
