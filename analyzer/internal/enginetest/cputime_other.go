//go:build !unix

package enginetest

// ProcessCPU is not available here.
func ProcessCPU() (int64, bool) { return 0, false }
