//go:build unix

package source

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// readSoon fails the test rather than hanging when ReadFile blocks.
func readSoon(t *testing.T, p string) error {
	t.Helper()
	done := make(chan error, 1)
	go func() {
		_, err := ReadFile(p)
		done <- err
	}()
	select {
	case err := <-done:
		return err
	case <-time.After(10 * time.Second):
		t.Fatalf("ReadFile(%s) blocked", p)
		return nil
	}
}

func TestReadFileRefusesFIFO(t *testing.T) {
	p := filepath.Join(t.TempDir(), "x.json")
	if err := syscall.Mkfifo(p, 0o644); err != nil {
		t.Skip("no named pipes here:", err)
	}
	err := readSoon(t, p)
	var nr *NotRegularError
	if !errors.As(err, &nr) {
		t.Fatalf("err = %v, want a NotRegularError", err)
	}
	if d := Diagnostic("x.json", err); !strings.Contains(d.Detail, "named pipe") {
		t.Errorf("detail %q does not say what the file is", d.Detail)
	}
}

func TestReadFileRefusesLinkToDevZero(t *testing.T) {
	if _, err := os.Stat("/dev/zero"); err != nil {
		t.Skip("no /dev/zero")
	}
	p := filepath.Join(t.TempDir(), "z.net.hcl")
	if err := os.Symlink("/dev/zero", p); err != nil {
		t.Skip("no symbolic links here:", err)
	}
	err := readSoon(t, p)
	var nr *NotRegularError
	if !errors.As(err, &nr) {
		t.Fatalf("err = %v, want a NotRegularError", err)
	}
	if d := Diagnostic("z.net.hcl", err); !strings.Contains(d.Detail, "a device") {
		t.Errorf("detail %q does not say what the file is", d.Detail)
	}
}
