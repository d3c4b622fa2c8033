// Package analyzer answers questions on a compiled network (package
// dataplane): which packets reach where (Reach), what happens to one packet
// (Trace), what the traffic of a flow log would do (Replayer), with the
// fast-path engine (FastPath) and the symbolic engine (Symbolic) that read
// the one graph. Because both engines read the same graph, they can only
// disagree where an engine is wrong, which is what the agreement tests look
// for.
package analyzer
