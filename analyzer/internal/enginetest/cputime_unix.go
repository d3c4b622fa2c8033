//go:build unix

package enginetest

import "syscall"

// ProcessCPU is the CPU time the test process has used, user plus system,
// in nanoseconds. Benchmarks report it beside wall time: on a shared,
// loaded machine wall time per operation mostly measures the other tenants.
func ProcessCPU() (int64, bool) {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0, false
	}
	return ru.Utime.Nano() + ru.Stime.Nano(), true
}
