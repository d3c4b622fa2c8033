package native_test

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/vpcheck/vpcheck/model"
	"github.com/vpcheck/vpcheck/model/load/native"
)

// FuzzLoad feeds arbitrary bytes through Load, Link and Validate: whatever
// the input, the result is diagnostics, never a panic, and every error
// points at a place in the file. Seeds: testdata/fuzz/FuzzLoad and the bad
// corpus.
func FuzzLoad(f *testing.F) {
	bad, _ := filepath.Glob("testdata/bad/*.net.hcl")
	for _, file := range bad {
		if src, err := os.ReadFile(file); err == nil {
			f.Add(src)
		}
	}
	f.Fuzz(func(t *testing.T, src []byte) {
		net, diags := native.Load([]model.Source{{Name: "fuzz.net.hcl", Bytes: src}})
		if net == nil {
			t.Fatal("Load returned no network")
		}
		diags = append(diags, net.Link()...)
		diags = append(diags, net.Validate()...)
		for _, d := range diags {
			if d.Subject == nil {
				t.Errorf("diagnostic without a place: %s; %s", d.Summary, d.Detail)
			}
		}
	})
}
