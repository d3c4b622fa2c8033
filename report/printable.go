package report

import (
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Printable returns s with every character that could act on a terminal
// or a CI log written visibly instead: newline, carriage return and tab as
// \n, \r and \t, other C0 and C1 controls and DEL as \xHH or \uHHHH, the
// Unicode bidirectional overrides (which reorder what a reader sees) as
// \uHHHH, and bytes that are not UTF-8 as \xHH. Names, tags and file
// contents come from users' files and AWS accounts: an ESC sequence in a
// Name tag must not clear the screen, and a newline must not start a line
// a CI runner reads as a command (GitHub Actions' "::error ...").
//
// Every text output passes user-supplied strings through it; machine
// formats (JSON, SARIF, JUnit XML) escape by their own encoders.
func Printable(s string) string {
	return escape(s, "")
}

// printableKeeping is Printable with the ASCII control characters in keep
// left as they are: a tab in a line of source shown in a snippet (it moves
// the cursor, nothing more), the newlines between the lines of text hcl's
// writer renders (whose parts are escaped already), or CR and LF in a
// GitHub workflow command's message, which its own escapes cover.
func printableKeeping(s, keep string) string {
	return escape(s, keep)
}

func escape(s, keep string) string {
	if !needsEscape(s, keep) {
		return s
	}
	var b strings.Builder
	b.Grow(len(s) + 8)
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && size == 1:
			fmt.Fprintf(&b, `\x%02x`, s[i])
		case r < 0x20 && strings.IndexByte(keep, byte(r)) >= 0:
			b.WriteByte(byte(r))
		case r == '\n':
			b.WriteString(`\n`)
		case r == '\r':
			b.WriteString(`\r`)
		case r == '\t':
			b.WriteString(`\t`)
		case r < 0x20 || r == 0x7f:
			fmt.Fprintf(&b, `\x%02x`, r)
		case unprintable(r):
			fmt.Fprintf(&b, `\u%04x`, r)
		default:
			b.WriteRune(r)
		}
		i += size
	}
	return b.String()
}

// needsEscape is Printable's fast path: most names are plain ASCII.
func needsEscape(s, keep string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if (c < 0x20 && strings.IndexByte(keep, c) < 0) || c == 0x7f {
			return true
		}
		if c >= 0x80 {
			for _, r := range s[i:] {
				if r == utf8.RuneError || (r < 0x20 && strings.IndexByte(keep, byte(r)) < 0) || r == 0x7f || (r >= 0x20 && unprintable(r)) {
					return true
				}
			}
			return !utf8.ValidString(s[i:])
		}
	}
	return false
}

// unprintable reports the non-ASCII runes Printable escapes: C1 controls,
// the bidirectional embedding, override and isolate controls, and the
// line and paragraph separators some terminals break lines on.
func unprintable(r rune) bool {
	switch {
	case r >= 0x80 && r < 0xa0:
		return true
	case r >= 0x202a && r <= 0x202e, r >= 0x2066 && r <= 0x2069, r == 0x200e, r == 0x200f, r == 0x061c:
		return true
	case r == 0x2028 || r == 0x2029:
		return true
	}
	return unicode.Is(unicode.Cc, r)
}
