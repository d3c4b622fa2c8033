package report

import (
	"bytes"
	"os"
	"strings"
	"testing"
)

func TestParseFormat(t *testing.T) {
	allowed := []Format{FormatText, FormatJSON}
	if f, err := ParseFormat("json", allowed); err != nil || f != FormatJSON {
		t.Errorf("json: %v %v", f, err)
	}
	_, err := ParseFormat("sarif", allowed)
	if err == nil || !strings.Contains(err.Error(), "text, json") {
		t.Errorf("sarif: %v", err)
	}
}

func TestWriteTable(t *testing.T) {
	var out bytes.Buffer
	err := WriteTable(&out, []string{"KIND", "COUNT"}, [][]string{{"vpc", "2"}, {"route_table", "12"}})
	if err != nil {
		t.Fatal(err)
	}
	want := "KIND          COUNT\nvpc           2\nroute_table   12\n"
	if out.String() != want {
		t.Errorf("got:\n%q\nwant:\n%q", out.String(), want)
	}
}

func TestUseColor(t *testing.T) {
	t.Setenv("NO_COLOR", "")
	t.Setenv("TERM", "xterm")
	if UseColor(&bytes.Buffer{}, false) {
		t.Error("a buffer is not a terminal")
	}
	f, err := os.CreateTemp(t.TempDir(), "out")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if UseColor(f, false) {
		t.Error("a regular file is not a terminal")
	}
	// The opt-outs win whatever the stream; a terminal is not available
	// in tests, so only the negative cases can be checked here.
	t.Setenv("NO_COLOR", "1")
	if UseColor(os.Stderr, false) {
		t.Error("NO_COLOR ignored")
	}
	t.Setenv("NO_COLOR", "")
	if UseColor(os.Stderr, true) {
		t.Error("--no-color ignored")
	}
}
