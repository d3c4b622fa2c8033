package main

import (
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"
)

// hostileNative is a native network whose names, values and comments hold
// control characters: raw ESC, BEL, NUL, CR and C1 bytes in comments (they
// reach snippets and lint's source lines), escaped ones in a label and a
// value (they reach messages). The two subnets overlap (a lint finding on
// a line with raw bytes) and one CIDR is invalid (a diagnostic).
const hostileNative = "vpc \"a\" {\n" +
	"  cidr_block = \"10.0.0.0/16\" # \x1b]0;title\x07 \r::error file=x,line=1::INJECTED\n" +
	"}\n" +
	"subnet \"s\\u001b[2J\\n::error::label\" {\n" +
	"  vpc        = vpc.a\n" +
	"  cidr_block = \"10.0.1.0/24\" # \x1b[2J\x00\xc2\x9b\x7f\n" +
	"}\n" +
	"subnet \"t\\u0007\\r\\n::warning::x\" {\n" +
	"  vpc        = vpc.a\n" +
	"  cidr_block = \"10.0.1.0/25\" # \x1b[1A\r\n" +
	"}\n"

const hostileBadNative = "vpc \"b\\u001b]0;x\\u0007\" {\n" +
	"  cidr_block = \"bad\\u001b[2J\\n::error::x\" # \x1b[2J\x00\x07\r\n" +
	"}\n"

// hostileLog is a flow log with control characters in its records.
const hostileLog = "version account-id interface-id srcaddr dstaddr srcport dstport protocol packets bytes start end action log-status\n" +
	"2 1 eni-1 10.0.1.10 10.0.1.140 40000 22 6 1 40 1 2 ACCEPT OK\n" +
	"2 1 eni-\x1b[2Jx 10.0.1.10 10.0.1.140 40000 22 6 1 40 1 2 ACCEPT OK\n" +
	"2 1 eni-1 10.0.1.10\x07 10.0.1.140 4000\x00 22 6 1 40 1 2 ACCEPT OK\n" +
	"2 1 eni-1 10.0.1.10 10.0.1.140 40000 22 6 1 40 1 2 \x1b[31mACCEPT OK\r\n::error::x\n"

// rawControl returns the first control character (C0 but newline, DEL,
// C1) in s, or -1.
func rawControl(s string) rune {
	for _, r := range s {
		if (r < 0x20 && r != '\n') || (r >= 0x7f && r < 0xa0) {
			return r
		}
	}
	return -1
}

// TestNoRawControlCharacters drives every command that prints input
// strings with a network whose names, tags, descriptions, comments and
// flow log records hold ESC, BEL, NUL, CR, LF and "::error": no raw control
// character reaches stdout or stderr, no line starts a GitHub workflow
// command that vpcheck did not write, and the names are still shown
// (escaped), so the test does not pass by printing nothing.
func TestNoRawControlCharacters(t *testing.T) {
	dir := t.TempDir()
	snap, _ := filepath.Abs(filepath.Join("testdata", "hostile", "snapshot.json"))
	native := writeFile(t, dir, "hostile.net.hcl", hostileNative)
	bad := writeFile(t, t.TempDir(), "bad.net.hcl", hostileBadNative)
	log := writeFile(t, dir, "flow.log", hostileLog)
	// A file name can be a command too: it starts the line when relative.
	cwd := t.TempDir()
	writeFile(t, cwd, "::error file=x::y.net.hcl", hostileBadNative)
	t.Chdir(cwd)
	named := "::error file=x::y.net.hcl"
	for _, tc := range []struct {
		args []string
		// shown must appear in stdout or stderr: the escaped form of a name.
		shown string
	}{
		{[]string{"validate", bad}, `bad\x1b[2J\n::error::x`},
		{[]string{"validate", snap}, ""},
		{[]string{"validate", named}, `\x3a:error file=x::y.net.hcl`},
		{[]string{"lint", "--format", "compact", named}, `\x3a:error file=x::y.net.hcl`},
		{[]string{"lint", snap}, `pwned\x07#\x23[set-output name=x]y`},
		{[]string{"lint", snap}, `pub\r\n::error file=x,line=1::INJECTED`},
		{[]string{"lint", "--format", "compact", snap}, `\r\n::error`},
		{[]string{"lint", "--format", "github", snap}, `pub%0D%0A::error file=x,line=1::INJECTED`},
		{[]string{"lint", native}, `s\x1b[2J\n::error::label`},
		{[]string{"lint", "--format", "compact", native}, `t\x07\r\n::warning::x`},
		{[]string{"lint", "--format", "github", native}, `t\x07%0D%0A::warning::x`},
		{[]string{"lint", bad}, `\x1b[2J\x00\x07`},
		{[]string{"reach", "--from", "i-1", "--to", "i-2", "--protocol", "tcp", "--port", "22", snap}, `web\x1b[1A\r::error::INJ`},
		{[]string{"reach", "--from", "internet", "--to", "i-1", "--protocol", "tcp", "--port", "22", snap}, `\x1b[1A`},
		{[]string{"reach", "--from", "i-2", "--to", "internet", "--protocol", "tcp", "--port", "22", snap}, `db\x00\x1b`},
		{[]string{"trace", "--from", "i-1", "--to", "i-2", "--protocol", "tcp", "--port", "22", snap}, `security_group sg\x1b]8;;http://evil\x07link`},
		{[]string{"trace", "--from", "internet", "--to", "i-1", "--protocol", "tcp", "--port", "22", snap}, `\x1b]8;;http://evil\x07link`},
		{[]string{"reach", "--from", "i-1", "--to", "nosuch\x1b[2J", snap}, `nosuch\x1b[2J`},
		{[]string{"replay", log, snap}, ""},
		{[]string{"replay", "--format", "json", log, snap}, ""},
		{[]string{"lint", "--format", "json", snap}, `#\u0023[set-output name=x]y`},
		{[]string{"lint", "--format", "sarif", snap}, `#\u0023[set-output name=x]y`},
		{[]string{"lint", "--format", "junit", snap}, `#&#35;[set-output name=x]y`},
		{[]string{"lint", "--format", "checkstyle", snap}, `#&#35;[set-output name=x]y`},
	} {
		code, stdout, stderr := run(t, tc.args...)
		name := strings.Join(tc.args, " ")
		if code == exitInternal {
			t.Errorf("%s: exit %d\n%s", name, code, stderr)
		}
		for stream, out := range map[string]string{"stdout": stdout, "stderr": stderr} {
			if r := rawControl(out); r >= 0 {
				t.Errorf("%s: raw %U on %s:\n%s", name, r, stream, out)
			}
			if !utf8.ValidString(out) {
				t.Errorf("%s: %s is not UTF-8", name, stream)
			}
			// The runner reads "::command" at the start of a line (after
			// blanks) and "##[command]" anywhere in one.
			for _, line := range strings.Split(out, "\n") {
				if strings.HasPrefix(strings.TrimSpace(line), "::") && !strings.Contains(line, "title=vpcheck ") {
					t.Errorf("%s: %s has a forged workflow command: %q", name, stream, line)
				}
				if strings.Contains(line, "##[") || strings.Contains(line, "##vso[") {
					t.Errorf("%s: %s has a legacy workflow command: %q", name, stream, line)
				}
			}
		}
		if tc.shown != "" && !strings.Contains(stdout+stderr, tc.shown) {
			t.Errorf("%s: %q not shown:\n%s\n%s", name, tc.shown, stdout, stderr)
		}
		if tc.args[1] == "--format" && tc.args[2] == "json" && !json.Valid([]byte(stdout)) {
			t.Errorf("%s: stdout is not JSON:\n%s", name, stdout)
		}
	}
}
