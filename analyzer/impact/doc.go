// Package impact answers what a change to a network does: it diffs two
// models object by object (ignoring where things are written, tags and
// descriptions), finds the edges of the compiled graphs the change touches,
// and recomputes reachability only for the endpoint pairs whose paths can
// cross them, on one packet space shared by both sides so that the packets
// gained and lost are exact set differences. See docs/architecture.md.
package impact
