package main

import (
	"fmt"
	"io"
	"os"
	"sync"
	"time"

	"github.com/vpcheck/vpcheck/report"
)

// progress shows what a long run is doing on one line of stderr, rewritten
// in place: the phase, the objects loaded, the rules done. It is on only
// when stderr is a terminal, the command writes a text format, and the run
// is neither in CI nor --quiet: CI logs and machine formats never see it.
// The line is cleared before anything else is written to stderr.
type progress struct {
	w     io.Writer
	mu    sync.Mutex
	shown bool
	last  time.Time
}

// progressEvery bounds how often the line is rewritten.
const progressEvery = 100 * time.Millisecond

// newProgress returns the progress line for a command writing format; nil
// (a no-op) when it must stay off.
func (s *IOStreams) newProgress(format report.Format) *progress {
	if s.Quiet || !s.ErrTerminal || format != report.FormatText || inCI() {
		return nil
	}
	return &progress{w: s.ErrOut}
}

// inCI reports whether the run is a CI job (the variable every common CI
// service sets).
func inCI() bool {
	return os.Getenv("CI") != "" || os.Getenv("GITHUB_ACTIONS") != "" || os.Getenv("TF_BUILD") != ""
}

// phase shows a new phase at once.
func (p *progress) phase(format string, args ...any) {
	if p == nil {
		return
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	p.write(fmt.Sprintf(format, args...))
}

// step shows an update within a phase, at most every progressEvery.
func (p *progress) step(format string, args ...any) {
	if p == nil {
		return
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	if time.Since(p.last) < progressEvery {
		return
	}
	p.write(fmt.Sprintf(format, args...))
}

func (p *progress) write(line string) {
	p.last = time.Now()
	p.shown = true
	fmt.Fprintf(p.w, "\r\x1b[K%s", line)
}

// done clears the line.
func (p *progress) done() {
	if p == nil {
		return
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.shown {
		fmt.Fprint(p.w, "\r\x1b[K")
		p.shown = false
	}
}
