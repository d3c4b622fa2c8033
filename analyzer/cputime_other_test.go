//go:build !unix

package analyzer

func processCPU() (int64, bool) { return 0, false }
