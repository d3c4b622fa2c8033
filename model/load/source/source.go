// Package source reads the files the loaders take as input. Every file is
// read through it, so that one rule holds for all of them: only regular
// files are read (symbolic links are followed), and only up to MaxSize
// bytes. A named pipe named x.json in a scanned directory would otherwise
// block the run forever, and a .net.hcl linked to /dev/zero would read
// until the process runs out of memory.
package source

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"

	"github.com/hashicorp/hcl/v2"
)

// MaxSize is the largest input file read, in bytes. The design's top scale
// (15,000 VPCs) is well under 100 MB of native definitions.
const MaxSize = 256 << 20

// NotRegularError is returned for a path that is not a regular file once
// links are followed: a directory, named pipe, device or socket.
type NotRegularError struct {
	Mode fs.FileMode
}

func (e *NotRegularError) Error() string {
	return "it is " + describeMode(e.Mode) + ", not a regular file"
}

// TooLargeError is returned for a file of more than MaxSize bytes.
type TooLargeError struct {
	Size int64 // -1 when the file grew past MaxSize while being read
}

func (e *TooLargeError) Error() string {
	if e.Size < 0 {
		return fmt.Sprintf("it is larger than the %d MB vpcheck reads", MaxSize>>20)
	}
	return fmt.Sprintf("it has %d MB, more than the %d MB vpcheck reads", e.Size>>20, MaxSize>>20)
}

func describeMode(m fs.FileMode) string {
	switch {
	case m.IsDir():
		return "a directory"
	case m&fs.ModeNamedPipe != 0:
		return "a named pipe (FIFO)"
	case m&fs.ModeCharDevice != 0, m&fs.ModeDevice != 0:
		return "a device"
	case m&fs.ModeSocket != 0:
		return "a socket"
	}
	return "a special file"
}

// ReadFS reads file name of fsys. The file is examined before it is
// opened: opening a named pipe blocks until something writes to it.
func ReadFS(fsys fs.FS, name string) ([]byte, error) {
	info, err := fs.Stat(fsys, name)
	if err != nil {
		return nil, err
	}
	if err := check(info); err != nil {
		return nil, err
	}
	f, err := fsys.Open(name)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	// The file may have been replaced between Stat and Open.
	if info, err = f.Stat(); err != nil {
		return nil, err
	}
	if err := check(info); err != nil {
		return nil, err
	}
	// Read into a buffer of the size Stat gave (io.ReadAll would grow one
	// from 512 bytes, copying a large file over and over); a file that grew
	// since is still read whole, up to the limit.
	buf := bytes.NewBuffer(make([]byte, 0, info.Size()+bytes.MinRead))
	if _, err := buf.ReadFrom(io.LimitReader(f, MaxSize+1)); err != nil {
		return nil, err
	}
	b := buf.Bytes()
	if len(b) > MaxSize {
		return nil, &TooLargeError{Size: -1}
	}
	return b, nil
}

func check(info fs.FileInfo) error {
	if !info.Mode().IsRegular() {
		return &NotRegularError{Mode: info.Mode()}
	}
	if info.Size() > MaxSize {
		return &TooLargeError{Size: info.Size()}
	}
	return nil
}

// ReadFile reads the file at path.
func ReadFile(path string) ([]byte, error) {
	return ReadFS(os.DirFS(filepath.Dir(path)), filepath.Base(path))
}

// Diagnostic reports that file display could not be read, saying what to do.
func Diagnostic(display string, err error) *hcl.Diagnostic {
	d := &hcl.Diagnostic{Severity: hcl.DiagError, Summary: "cannot read " + display, Detail: Reason(err)}
	var notRegular *NotRegularError
	var tooLarge *TooLargeError
	switch {
	case errors.As(err, &notRegular):
		d.Detail = fmt.Sprintf("%s is %s: vpcheck reads only regular files (links are followed), since reading anything else could block or never end. Remove it, or name the files to read instead of their directory.",
			display, describeMode(notRegular.Mode))
	case errors.As(err, &tooLarge):
		d.Detail = fmt.Sprintf("%s: %s. Split the definitions into several files.", display, tooLarge.Error())
	}
	return d
}

// Reason is the error without the path an fs.PathError repeats (the
// message around it names the file already).
func Reason(err error) string {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err.Error()
	}
	return err.Error()
}
