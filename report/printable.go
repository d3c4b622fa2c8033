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
// Two sequences of printable characters are commands to the GitHub
// Actions runner too, which it looks for in every line of a job's output
// (src/Runner.Common/ActionCommand.cs in actions/runner): "##[" anywhere
// in a line (the legacy form, ##[set-output name=x]…), and "::" at the
// start of one after blanks, before the command's name; Azure Pipelines
// reads "##vso[" anywhere. So "##[" is written "#\x23[" ("##vso["
// "#\x23vso["), and a leading "::name" (a string may start a line: a file
// name, a detail) "\x3a:name".
//
// Every text output passes user-supplied strings through it; machine
// formats (JSON, SARIF, JUnit XML) escape by their own encoders, and
// WriteJSON and writeXML defuse the runner's commands in what those leave.
func Printable(s string) string {
	return escape(s, "", lineStart)
}

// runnerCommand reports whether s holds what the GitHub Actions runner
// would read as a workflow command.
func runnerCommand(s string) bool {
	if strings.Contains(s, "##[") || strings.Contains(s, "##vso[") {
		return true
	}
	for line := range strings.Lines(s) {
		if commandWord(strings.TrimLeftFunc(line, unicode.IsSpace)) {
			return true
		}
	}
	return false
}

// commandWord reports whether s starts with "::" and a word that can be a
// command's name: letters, digits, '-' and '_', not all of them hex digits,
// so that an IPv6 address ("::/0", "::ffff:10.0.0.1") is left as it is.
// Every command the runner knows (error, set-output, add-mask,
// stop-commands, …) has a letter past 'f' or a '-'.
func commandWord(s string) bool {
	rest, ok := strings.CutPrefix(s, "::")
	if !ok {
		return false
	}
	word := false
	for _, c := range []byte(rest) {
		switch {
		case c >= '0' && c <= '9', c >= 'a' && c <= 'f', c >= 'A' && c <= 'F':
		case c >= 'g' && c <= 'z', c >= 'G' && c <= 'Z', c == '-', c == '_':
			word = true
		default:
			return word
		}
	}
	return word
}

// printableKeeping is Printable with the ASCII control characters in keep
// left as they are: a tab in a line of source shown in a snippet (it moves
// the cursor, nothing more), the newlines between the lines of text hcl's
// writer renders (whose parts are escaped already), or CR and LF in a
// GitHub workflow command's message, which its own escapes cover.
func printableKeeping(s, keep string) string {
	m := lineStart
	if strings.IndexByte(keep, '\n') >= 0 {
		m |= lineBreaks
	}
	return escape(s, keep, m)
}

// printableInLine is printableKeeping for text that never starts a line
// (a part of a source line in a snippet, after its "NN: "), where "::"
// means nothing to a runner: an IPv6 address keeps its colons.
func printableInLine(s, keep string) string {
	return escape(s, keep, 0)
}

// printableData is Printable for a GitHub workflow command's message or
// property: CR and LF are left for the command's own escapes (%0D, %0A),
// which keep them from breaking the line.
func printableData(s string) string {
	return escape(s, "\r\n", 0)
}

// lines says where lines of output start in a string being escaped.
type lines uint8

const (
	// lineStart: the string may start a line.
	lineStart lines = 1 << iota
	// lineBreaks: a newline kept in it starts one.
	lineBreaks
)

// escape writes s visibly but for the ASCII controls in keep; m says
// where lines of output start in it.
func escape(s, keep string, m lines) string {
	if !needsEscape(s, keep) {
		if !runnerCommand(s) {
			return s
		}
	}
	var b strings.Builder
	b.Grow(len(s) + 8)
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case (r == '#' || r == ':') && commandAt(s, i, m):
			fmt.Fprintf(&b, `\x%02x`, r)
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

// commandAt reports whether the character at i starts a runner command
// that escaping it defuses: the second '#' of "##[", or the first ':' of
// a "::" that only blanks precede.
func commandAt(s string, i int, m lines) bool {
	if s[i] == '#' {
		return i > 0 && s[i-1] == '#' && (strings.HasPrefix(s[i:], "#[") || strings.HasPrefix(s[i:], "#vso["))
	}
	// A line starts after a newline that breaks the output's line (one
	// written \n or %0A does not).
	start := 0
	if m&lineBreaks != 0 {
		start = strings.LastIndexByte(s[:i], '\n') + 1
	}
	if start == 0 && m&lineStart == 0 {
		return false
	}
	return commandWord(s[i:]) && strings.TrimLeftFunc(s[start:i], unicode.IsSpace) == ""
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
