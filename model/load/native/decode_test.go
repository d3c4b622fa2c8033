package native

import (
	"os"
	"path/filepath"
	"reflect"
	"testing"

	"github.com/vpcheck/vpcheck/model"
)

// TestReadSyntaxMatchesContent loads every native file of the repository
// (examples, rule fixtures, the bad-input corpus) with bodies read from the
// syntax tree and again with every body through hcl's Content: the networks
// and the diagnostics must be the same.
func TestReadSyntaxMatchesContent(t *testing.T) {
	var files []string
	for _, pattern := range []string{
		"testdata/bad/*.net.hcl",
		"../../../fixtures/examples/*/*.net.hcl",
		"../../../rules/testdata/*/*.net.hcl",
		"../../../rules/testdata/*/*/*.net.hcl",
	} {
		m, err := filepath.Glob(pattern)
		if err != nil {
			t.Fatal(err)
		}
		files = append(files, m...)
	}
	if len(files) < 100 {
		t.Fatalf("found only %d native files", len(files))
	}
	// The fast reader would read most of these without either.
	readFast = false
	defer func() { readSyntax, readFast = true, true }()
	for _, file := range files {
		src, err := os.ReadFile(file)
		if err != nil {
			t.Fatal(err)
		}
		srcs := []model.Source{{Name: file, Bytes: src}}
		readSyntax = true
		fast, fastDiags := Load(srcs)
		readSyntax = false
		slow, slowDiags := Load(srcs)
		if fastDiags.Error() != slowDiags.Error() {
			t.Errorf("%s: diagnostics differ:\nsyntax:  %s\ncontent: %s", file, fastDiags.Error(), slowDiags.Error())
		}
		if !reflect.DeepEqual(fast, slow) {
			t.Errorf("%s: networks differ", file)
		}
	}
}

// FuzzReadSyntax: reading bodies from the syntax tree never changes the
// network or the diagnostics.
func FuzzReadSyntax(f *testing.F) {
	files, _ := filepath.Glob("testdata/bad/*.net.hcl")
	for _, file := range files {
		if src, err := os.ReadFile(file); err == nil {
			f.Add(src)
		}
	}
	f.Fuzz(func(t *testing.T, src []byte) {
		readFast = false
		defer func() { readSyntax, readFast = true, true }()
		srcs := []model.Source{{Name: "x.net.hcl", Bytes: src}}
		readSyntax = true
		fast, fastDiags := Load(srcs)
		readSyntax = false
		slow, slowDiags := Load(srcs)
		if fastDiags.Error() != slowDiags.Error() {
			t.Fatalf("diagnostics differ:\nsyntax:  %s\ncontent: %s", fastDiags.Error(), slowDiags.Error())
		}
		if !reflect.DeepEqual(fast, slow) {
			t.Fatalf("networks differ")
		}
	})
}
