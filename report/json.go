package report

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
)

// WriteJSON writes v as indented JSON followed by a newline. Struct fields
// keep their declared order and map keys are sorted by encoding/json, so the
// same value always gives the same bytes. HTML escaping is off: the output
// is read by tools and people, never embedded in a web page, and "<" in a
// message should stay "<".
//
// A JSON document often lands in a CI log, whose runner reads "##[cmd]"
// anywhere in a line as a command (see Printable): in strings, the only
// place it can be, its second '#' is written \u0023, which decodes to the
// same text.
func WriteJSON(w io.Writer, v any) error {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return err
	}
	_, err := w.Write(escapeC1(defuseRunner(buf.Bytes(), `#\u0023`), `\u%04x`))
	return err
}

// escapeC1 writes the C1 control characters (U+0080 to U+009F, which
// encoding/json and encoding/xml leave as they are; U+009B is a terminal's
// CSI) of an encoded document with the format's escape, a fmt verb for the
// code point. They can only be inside strings, where the escape reads back
// as the same text.
func escapeC1(b []byte, format string) []byte {
	// In UTF-8 they are 0xC2 followed by 0x80 to 0x9F.
	if !bytes.Contains(b, []byte{0xC2}) {
		return b
	}
	var out bytes.Buffer
	for i := 0; i < len(b); i++ {
		if b[i] == 0xC2 && i+1 < len(b) && b[i+1] >= 0x80 && b[i+1] <= 0x9F {
			fmt.Fprintf(&out, format, rune(b[i+1]))
			i++
			continue
		}
		out.WriteByte(b[i])
	}
	return out.Bytes()
}

// defuseRunner replaces the second '#' of every "##[" and "##vso[" (the
// GitHub Actions runner's legacy commands, Azure Pipelines' logging
// commands) in an encoded document by hash, the format's own escape of it.
func defuseRunner(b []byte, hash string) []byte {
	if !bytes.Contains(b, []byte("##")) {
		return b
	}
	for _, marker := range []string{"##[", "##vso["} {
		b = bytes.ReplaceAll(b, []byte(marker), []byte(hash+marker[2:]))
	}
	return b
}
