package source

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"
)

func TestReadFileRegular(t *testing.T) {
	p := filepath.Join(t.TempDir(), "a.net.hcl")
	if err := os.WriteFile(p, []byte("vpc \"a\" {}\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	b, err := ReadFile(p)
	if err != nil || string(b) != "vpc \"a\" {}\n" {
		t.Fatalf("ReadFile = %q, %v", b, err)
	}
}

func TestReadFileFollowsLinks(t *testing.T) {
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "real.tf"), []byte("x"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink("real.tf", filepath.Join(dir, "link.tf")); err != nil {
		t.Skip("no symbolic links here:", err)
	}
	if b, err := ReadFile(filepath.Join(dir, "link.tf")); err != nil || string(b) != "x" {
		t.Fatalf("ReadFile through a link = %q, %v", b, err)
	}
}

func TestReadFileRefusesDirectory(t *testing.T) {
	dir := t.TempDir()
	if err := os.Mkdir(filepath.Join(dir, "x.json"), 0o755); err != nil {
		t.Fatal(err)
	}
	_, err := ReadFile(filepath.Join(dir, "x.json"))
	var nr *NotRegularError
	if !errors.As(err, &nr) {
		t.Fatalf("err = %v, want a NotRegularError", err)
	}
}

// A sparse file larger than MaxSize is refused from its size, unread.
func TestReadFileRefusesTooLarge(t *testing.T) {
	p := filepath.Join(t.TempDir(), "huge.net.hcl")
	f, err := os.Create(p)
	if err != nil {
		t.Fatal(err)
	}
	if err := f.Truncate(MaxSize + 1); err != nil {
		t.Skip("cannot make a sparse file:", err)
	}
	f.Close()
	_, err = ReadFile(p)
	var tl *TooLargeError
	if !errors.As(err, &tl) {
		t.Fatalf("err = %v, want a TooLargeError", err)
	}
	d := Diagnostic("huge.net.hcl", err)
	if d.Summary != "cannot read huge.net.hcl" || !strings.Contains(d.Detail, "256 MB") || !strings.Contains(d.Detail, "Split") {
		t.Errorf("diagnostic %q / %q", d.Summary, d.Detail)
	}
}

func TestReadFSEmbedded(t *testing.T) {
	fsys := fstest.MapFS{"a/b.net.hcl": {Data: []byte("ok")}}
	if b, err := ReadFS(fsys, "a/b.net.hcl"); err != nil || string(b) != "ok" {
		t.Fatalf("ReadFS = %q, %v", b, err)
	}
	if _, err := ReadFS(fsys, "a"); err == nil {
		t.Fatal("ReadFS of a directory succeeded")
	}
}
