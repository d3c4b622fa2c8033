//go:build unix

package packetset

import "syscall"

// processCPU is the CPU time the test process has used, user plus system.
// Benchmarks report it next to wall time because on a shared, loaded
// machine wall time per op mostly measures the other tenants.
func processCPU() (int64, bool) {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0, false
	}
	return ru.Utime.Nano() + ru.Stime.Nano(), true
}
