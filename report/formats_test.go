package report

import "testing"

// TestOutputsRegistry: every output is registered under its command, offers
// at least one format, and none twice (Write would never reach the second).
func TestOutputsRegistry(t *testing.T) {
	for name, o := range Outputs {
		if o.Command() != name {
			t.Errorf("Outputs[%q] is the output of %q", name, o.Command())
		}
		fs := o.Formats()
		if len(fs) == 0 {
			t.Errorf("%s offers no format", name)
		}
		seen := map[Format]bool{}
		for _, f := range fs {
			if seen[f] {
				t.Errorf("%s offers %s twice", name, f)
			}
			seen[f] = true
		}
	}
	if len(Outputs) != 11 {
		t.Errorf("%d outputs registered; validate, lint, reach, trace, replay, diff, graph, rules, explain, examples and version each have one", len(Outputs))
	}
}

// An unknown format is an error, not another format's output.
func TestOutputUnknownFormat(t *testing.T) {
	if err := ReachOutput.Write(nil, "sarif", ReachJSON{}, TextOptions{}); err == nil {
		t.Error("reach wrote sarif")
	}
}
