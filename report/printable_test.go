package report

import "testing"

func TestPrintable(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"web-a", "web-a"},
		{"café", "café"},
		{"\x1b]0;pwned\x07", `\x1b]0;pwned\x07`},
		{"x\n::error file=x,line=1::INJECTED", `x\n::error file=x,line=1::INJECTED`},
		{"a\tb\r", `a\tb\r`},
		{"nul\x00del\x7f", `nul\x00del\x7f`},
		{"c1\u009b", `c1\u009b`},
		{"rtl\u202egnp.exe", `rtl\u202egnp.exe`},
		{"bad\xffutf8", `bad\xffutf8`},
		{"sep\u2028x", `sep\u2028x`},
	} {
		if got := Printable(tc.in); got != tc.want {
			t.Errorf("Printable(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

func FuzzPrintable(f *testing.F) {
	f.Add("\x1b[2J")
	f.Add("a\nb")
	f.Fuzz(func(t *testing.T, s string) {
		out := Printable(s)
		for i := 0; i < len(out); i++ {
			if c := out[i]; c < 0x20 || c == 0x7f {
				t.Fatalf("Printable(%q) = %q keeps control byte %#x", s, out, c)
			}
		}
		if Printable(out) != out {
			t.Fatalf("Printable is not idempotent on %q", out)
		}
	})
}
