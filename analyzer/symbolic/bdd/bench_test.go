package bdd

import (
	"math/rand/v2"
	"testing"
)

// BenchmarkUnionOfCubes builds the union of 60 random 24-literal cubes over
// 64 variables, the shape of a rule list, in a fresh factory per op.
func BenchmarkUnionOfCubes(b *testing.B) {
	r := rand.New(rand.NewPCG(1, 1))
	for b.Loop() {
		f := New(64)
		u := False
		for range 60 {
			c := True
			base := r.IntN(40)
			for v := base + 23; v >= base; v-- {
				if r.IntN(2) == 0 {
					c = f.Branch(v, False, c)
				} else {
					c = f.Branch(v, c, False)
				}
			}
			u = f.Or(u, c)
		}
		b.ReportMetric(float64(f.NodeCount(u)), "nodes")
		b.ReportMetric(float64(f.Size()), "table")
	}
}

// BenchmarkEval walks one path of a 60-cube union per op.
func BenchmarkEval(b *testing.B) {
	r := rand.New(rand.NewPCG(2, 2))
	f := New(64)
	u := False
	for range 60 {
		c := True
		for v := 23; v >= 0; v-- {
			if r.IntN(2) == 0 {
				c = f.Branch(v, False, c)
			} else {
				c = f.Branch(v, c, False)
			}
		}
		u = f.Or(u, c)
	}
	bits := make([][]uint64, 256)
	for i := range bits {
		bits[i] = []uint64{r.Uint64()}
	}
	i := 0
	for b.Loop() {
		f.Eval(u, bits[i&255])
		i++
	}
}
