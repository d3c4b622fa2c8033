//go:build unix

package native_test

import (
	"syscall"
	"time"
)

// processCPU is the CPU time the process has used, all threads (the
// garbage collector's included). On a shared machine it is a steadier
// measure than wall time, which counts the time other processes hold the
// cores.
func processCPU() time.Duration {
	var u syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &u); err != nil {
		return 0
	}
	return time.Duration(u.Utime.Nano() + u.Stime.Nano())
}
