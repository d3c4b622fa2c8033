package load

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/hashicorp/hcl/v2"
)

func write(t *testing.T, dir, name, content string) {
	t.Helper()
	if err := os.WriteFile(filepath.Join(dir, name), []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
}

// hasDiag reports whether a diagnostic's summary starts with summary.
func hasDiag(diags hcl.Diagnostics, summary string) bool {
	return findDiag(diags, summary) != nil
}

func findDiag(diags hcl.Diagnostics, summary string) *hcl.Diagnostic {
	for _, d := range diags {
		if strings.HasPrefix(d.Summary, summary) {
			return d
		}
	}
	return nil
}
