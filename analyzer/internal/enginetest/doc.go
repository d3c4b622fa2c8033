// Package enginetest holds what the engines' tests share: loading a network
// into a data plane, the generated network of the benchmarks, a network's
// boundary values and packets drawn on them (the agreement tests'
// workload), longest prefix match by definition, and process CPU time for
// benchmarks on shared machines. Only tests import it: package analyzer's
// agreement tests, package fastpath's plane tests, and the benchmarks of
// dataplane, fastpath and analyzer.
package enginetest
