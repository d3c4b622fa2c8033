//go:build unix

package load

import (
	"os"
	"path/filepath"
	"syscall"
	"testing"
	"time"
)

// Named pipes and links to devices among the scanned files are refused,
// each with an error naming it, and the rest still loads.
func TestPathsRefusesNonRegularFiles(t *testing.T) {
	dir := t.TempDir()
	write(t, dir, "a.net.hcl", "vpc \"a\" {\n  cidr_block = \"10.0.0.0/16\"\n}\n")
	for _, name := range []string{"x.json", "x.net.hcl", "x.tf"} {
		if err := syscall.Mkfifo(filepath.Join(dir, name), 0o644); err != nil {
			t.Skip("no named pipes here:", err)
		}
	}
	if err := os.Symlink("/dev/zero", filepath.Join(dir, "z.net.hcl")); err != nil {
		t.Skip("no symbolic links here:", err)
	}
	done := make(chan struct{})
	go func() {
		defer close(done)
		net, diags := Paths([]string{dir}, Options{})
		for _, name := range []string{"x.json", "x.net.hcl", "x.tf", "z.net.hcl"} {
			if !hasDiag(diags, "cannot read "+filepath.Join(dir, name)) {
				t.Errorf("no error for %s in %v", name, diags)
			}
		}
		if net == nil || len(net.VPCs) != 1 {
			t.Errorf("the regular file was not loaded: %v", diags)
		}
	}()
	select {
	case <-done:
	case <-time.After(20 * time.Second):
		t.Fatal("loading a directory with a named pipe blocked")
	}
}
