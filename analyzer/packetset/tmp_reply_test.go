package packetset

import (
	"math/rand/v2"
	"net/netip"
	"runtime"
	"testing"
	"time"
)

func TestTmpReply(t *testing.T) {
	r := rand.New(rand.NewPCG(9, 10))
	var cpu, wall time.Duration
	var cpuSG time.Duration
	n := 0
	for range 60 {
		s := NewSpace()
		var sets []Set
		c0, _ := processCPU()
		for range 32 {
			sets = append(sets, s.Intersect(securityGroup(s, r, 60), s.DstPrefix(netip.MustParsePrefix("10.20.0.0/16"))))
		}
		c1, _ := processCPU()
		cpuSG += time.Duration(c1 - c0)
		runtime.GC()
		c0, _ = processCPU()
		t0 := time.Now()
		for _, x := range sets {
			s.Reply(x)
			n++
		}
		c1, _ = processCPU()
		cpu += time.Duration(c1 - c0)
		wall += time.Since(t0)
	}
	t.Logf("reply: cpu %v wall %v per op; SG build cpu %v", cpu/time.Duration(n), wall/time.Duration(n), cpuSG/time.Duration(n))
}
