package graph

import (
	"io"

	"github.com/vpcheck/vpcheck/report"
)

// WriteJSON writes the graph as one JSON document: clusters, nodes, edges
// (with their kinds, labels and details), the drawn path and the findings.
func (g *Graph) WriteJSON(w io.Writer) error {
	return report.WriteJSON(w, g)
}
