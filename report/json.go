package report

import (
	"encoding/json"
	"io"
)

// WriteJSON writes v as indented JSON followed by a newline. Struct fields
// keep their declared order and map keys are sorted by encoding/json, so the
// same value always gives the same bytes. HTML escaping is off: the output
// is read by tools and people, never embedded in a web page, and "<" in a
// message should stay "<".
func WriteJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(v)
}
