package graph

import (
	"io"

	"github.com/vpcheck/vpcheck/report"
)

// WriteJSON writes the graph as one JSON document: clusters, nodes, edges
// (with their kinds, labels and details), the drawn path and the findings.
func WriteJSON(w io.Writer, g *Graph) error {
	return report.WriteJSON(w, g)
}
