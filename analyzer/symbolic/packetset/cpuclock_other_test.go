//go:build !unix

package packetset

func processCPU() (int64, bool) { return 0, false }
