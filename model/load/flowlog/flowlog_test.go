package flowlog

import (
	"bytes"
	"compress/gzip"
	"fmt"
	"net/netip"
	"strings"
	"testing"
)

func TestParseRecord(t *testing.T) {
	tests := []struct {
		line    string
		format  []field
		want    Record
		problem string
	}{
		{line: "2 123456789010 eni-1235b8ca123456789 172.31.16.139 172.31.16.21 20641 22 6 20 4249 1418530010 1418530070 ACCEPT OK",
			want: Record{Interface: []byte("eni-1235b8ca123456789"), Src: netip.MustParseAddr("172.31.16.139"), Dst: netip.MustParseAddr("172.31.16.21"),
				SrcPort: 20641, DstPort: 22, Proto: 6, Action: ActionAccept, TCPFlags: -1}},
		{line: "2 123456789010 eni-1235b8ca123456789 172.31.9.69 172.31.9.12 49761 3389 6 20 4249 1418530010 1418530070 REJECT OK",
			want: Record{Interface: []byte("eni-1235b8ca123456789"), Src: netip.MustParseAddr("172.31.9.69"), Dst: netip.MustParseAddr("172.31.9.12"),
				SrcPort: 49761, DstPort: 3389, Proto: 6, Action: ActionReject, TCPFlags: -1}},
		{line: "2 123456789010 eni-1235b8ca123456789 - - - - - - - 1431280876 1431280934 - NODATA",
			want: Record{Interface: []byte("eni-1235b8ca123456789"), Status: StatusNoData, TCPFlags: -1}},
		{line: "2 123456789010 eni-11111111aaaaaaaaa - - - - - - - 1431280876 1431280934 - SKIPDATA",
			want: Record{Interface: []byte("eni-11111111aaaaaaaaa"), Status: StatusSkipData, TCPFlags: -1}},
		{line: "2 1 eni-1 2001:db8::1 2001:db8::2 1 2 17 1 1 1 1 ACCEPT OK",
			want: Record{Interface: []byte("eni-1"), Src: netip.MustParseAddr("2001:db8::1"), Dst: netip.MustParseAddr("2001:db8::2"),
				SrcPort: 1, DstPort: 2, Proto: 17, Action: ActionAccept, TCPFlags: -1}},
		{line: "eni-9 ACCEPT 10.0.0.1 10.0.0.2 18 6 443 40000 203.0.113.5",
			format: []field{fieldInterface, fieldAction, fieldSrcAddr, fieldDstAddr, fieldTCPFlags, fieldProtocol, fieldSrcPort, fieldDstPort, fieldPktSrcAddr},
			want: Record{Interface: []byte("eni-9"), Src: netip.MustParseAddr("10.0.0.1"), Dst: netip.MustParseAddr("10.0.0.2"), PktSrc: netip.MustParseAddr("203.0.113.5"),
				SrcPort: 443, DstPort: 40000, Proto: 6, Action: ActionAccept, TCPFlags: 18}},
		{line: "2 1 eni-1 10.0.0.1 10.0.0.2 1 2 6 1 1 1 1 ACCEPT", problem: "13 fields, the format has 14"},
		{line: "2 1 eni-1 10.0.0.1 10.0.0.2 1 2 6 1 1 1 1 ACCEPT OK extra", problem: "more fields than the format's 14"},
		{line: "2 1 eni-1 10.0.0.256 10.0.0.2 1 2 6 1 1 1 1 ACCEPT OK", problem: `"10.0.0.256" is not an IP address`},
		{line: "2 1 eni-1 10.0.0.1 10.0.0.2 1 70000 6 1 1 1 1 ACCEPT OK", problem: `"70000" is not a number`},
		{line: "2 1 eni-1 10.0.0.1 10.0.0.2 1 2 6 1 1 1 1 MAYBE OK", problem: `action "MAYBE"`},
		{line: "2 1 eni-1 10.0.0.1 10.0.0.2 1 2 6 1 1 1 1 ACCEPT WEIRD", problem: `log-status "WEIRD"`},
		{line: "2 1 eni-1 - - 1 2 6 1 1 1 1 ACCEPT OK", problem: "without srcaddr"},
	}
	for _, tt := range tests {
		format := tt.format
		if format == nil {
			format = defaultFormat
		}
		var got Record
		problem := parseRecord([]byte(tt.line), format, &got)
		if tt.problem != "" {
			if !strings.Contains(problem, tt.problem) {
				t.Errorf("%q: problem %q, want one containing %q", tt.line, problem, tt.problem)
			}
			continue
		}
		if problem != "" {
			t.Errorf("%q: %s", tt.line, problem)
			continue
		}
		if fmt.Sprintf("%+v", got) != fmt.Sprintf("%+v", tt.want) {
			t.Errorf("%q:\n got %+v\nwant %+v", tt.line, got, tt.want)
		}
	}
}

func TestParseAddr(t *testing.T) {
	for _, s := range []string{"0.0.0.0", "10.1.2.3", "255.255.255.255", "2001:db8::1", "::ffff:10.0.0.1"} {
		got, ok := parseAddr([]byte(s))
		if !ok || got != netip.MustParseAddr(s).Unmap() {
			t.Errorf("%s: %v %v", s, got, ok)
		}
	}
	for _, s := range []string{"", "1.2.3", "1.2.3.4.5", "1.2.3.256", "1..2.3", "01.2.3.4", "a.b.c.d", "1.2.3.4 "} {
		if got, ok := parseAddr([]byte(s)); ok {
			t.Errorf("%q parsed as %v", s, got)
		}
	}
	b := []byte("192.168.10.20")
	if n := testing.AllocsPerRun(100, func() { parseAddr(b) }); n != 0 {
		t.Errorf("parsing an IPv4 address allocates %v times", n)
	}
}

func TestParseDoesNotAllocate(t *testing.T) {
	line := []byte("2 123456789012 eni-0a1b2c3d 10.10.1.10 10.10.2.10 40001 8080 6 10 840 1700000000 1700000060 ACCEPT OK")
	var rec Record
	if n := testing.AllocsPerRun(100, func() {
		if p := parseRecord(line, defaultFormat, &rec); p != "" {
			t.Fatal(p)
		}
	}); n != 0 {
		t.Errorf("parsing a record allocates %v times", n)
	}
}

// TestReadFormats reads a custom header, a header that changes the format
// midway, blank lines and malformed records, plain and gzip-compressed.
func TestReadFormats(t *testing.T) {
	text := "${srcaddr} ${dstaddr} ${srcport} ${dstport} ${protocol} ${action} ${tcp-flags} ${flow-direction}\n" +
		"10.10.1.10 10.10.2.10 40001 8080 6 ACCEPT 2 egress\n" +
		"\n" +
		"not a record\n" +
		"version srcaddr dstaddr srcport dstport protocol action\n" +
		"5 10.10.1.10 10.10.2.10 40002 22 6 REJECT\n"
	var gz bytes.Buffer
	zw := gzip.NewWriter(&gz)
	zw.Write([]byte(text))
	zw.Close()
	for _, in := range []struct {
		name string
		data []byte
	}{{"plain.log", []byte(text)}, {"log.gz", gz.Bytes()}} {
		var got []string
		diags, err := Read(in.name, bytes.NewReader(in.data), func(r *Record) {
			got = append(got, fmt.Sprintf("%s->%s:%d %d flags %d", r.Src, r.Dst, r.DstPort, r.Action, r.TCPFlags))
		})
		if err != nil {
			t.Fatal(err)
		}
		want := "10.10.1.10->10.10.2.10:8080 1 flags 2;10.10.1.10->10.10.2.10:22 2 flags -1"
		if strings.Join(got, ";") != want {
			t.Errorf("%s: records %q, want %q", in.name, strings.Join(got, ";"), want)
		}
		if len(diags) != 1 || diags[0].Subject.Start.Line != 4 || diags[0].Subject.Filename != in.name {
			t.Errorf("%s: diagnostics %v", in.name, diags)
		}
	}
}

// referenceParse is parseRecord read plainly: each field split off, then
// read. FuzzParseRecord holds parseRecord to it.
func referenceParse(b []byte, format []field, rec *Record) string {
	*rec = Record{TCPFlags: -1}
	n := 0
	var action, status []byte
	for i := 0; i < len(b); {
		for i < len(b) && (b[i] == ' ' || b[i] == '\t') {
			i++
		}
		if i == len(b) {
			break
		}
		j := i
		for j < len(b) && b[j] != ' ' && b[j] != '\t' {
			j++
		}
		tok := b[i:j]
		i = j
		if n >= len(format) {
			n++
			break
		}
		f := format[n]
		n++
		if f == fieldOther {
			continue
		}
		dash := len(tok) == 1 && tok[0] == '-'
		switch f {
		case fieldInterface:
			rec.Interface = tok
		case fieldSrcAddr, fieldDstAddr, fieldPktSrcAddr, fieldPktDstAddr:
			if dash {
				continue
			}
			a, ok := parseAddr(tok)
			if !ok {
				return fmt.Sprintf("%q is not an IP address", tok)
			}
			switch f {
			case fieldSrcAddr:
				rec.Src = a
			case fieldDstAddr:
				rec.Dst = a
			case fieldPktSrcAddr:
				rec.PktSrc = a
			default:
				rec.PktDst = a
			}
		case fieldSrcPort, fieldDstPort, fieldProtocol, fieldTCPFlags, fieldVersion:
			if dash {
				continue
			}
			limit := uint64(65535)
			if f == fieldProtocol {
				limit = 255
			}
			v, ok := parseUint(tok, limit)
			if !ok {
				return fmt.Sprintf("%q is not a number from 0 to %d", tok, limit)
			}
			switch f {
			case fieldSrcPort:
				rec.SrcPort = uint16(v)
			case fieldDstPort:
				rec.DstPort = uint16(v)
			case fieldProtocol:
				rec.Proto = uint8(v)
			case fieldTCPFlags:
				rec.TCPFlags = int(v)
			}
		case fieldAction:
			action = tok
		case fieldLogStatus:
			status = tok
		}
	}
	if n != len(format) {
		if n > len(format) {
			return fmt.Sprintf("more fields than the format's %d", len(format))
		}
		return fmt.Sprintf("%d fields, the format has %d", n, len(format))
	}
	switch string(status) {
	case "", "OK", "-":
	case "NODATA":
		rec.Status = StatusNoData
		return ""
	case "SKIPDATA":
		rec.Status = StatusSkipData
		return ""
	default:
		return fmt.Sprintf("log-status %q is none of OK, NODATA, SKIPDATA", status)
	}
	switch string(action) {
	case "ACCEPT":
		rec.Action = ActionAccept
	case "REJECT":
		rec.Action = ActionReject
	case "", "-":
	default:
		return fmt.Sprintf("action %q is neither ACCEPT nor REJECT", action)
	}
	if rec.Action == ActionAccept && (!rec.Src.IsValid() || !rec.Dst.IsValid()) {
		return "an accepted record without srcaddr and dstaddr"
	}
	return ""
}

// FuzzParseRecord: parseRecord, which reads fields as it scans them, reads
// every line as referenceParse does — the same record, or the same problem.
func FuzzParseRecord(f *testing.F) {
	for _, s := range []string{
		"2 123456789010 eni-1235b8ca123456789 172.31.16.139 172.31.16.21 20641 22 6 20 4249 1418530010 1418530070 ACCEPT OK",
		"2 123456789010 eni-1235b8ca123456789 - - - - - - - 1431280876 1431280934 - NODATA",
		"2 1 eni-1 2001:db8::1 2001:db8::2 1 2 17 1 1 1 1 ACCEPT OK",
		"2 1 eni-1 10.0.0.256 10.0.0.2 1 2 6 1 1 1 1 ACCEPT OK",
		"2 1 eni-1 010.0.0.1 10.0.0.2 1 70000 6 1 1 1 1 ACCEPT OK",
		"2 1 eni-1 10.0.0.1 10.0.0.2 00001 2 256 1 1 1 1 MAYBE OK extra",
		"2\t1 eni-1  ::ffff:10.0.0.1 10.0.0.2. 1a 2 6 1 1 1 1 ACCEPT WEIRD",
	} {
		f.Add(s, false)
		f.Add(s, true)
	}
	custom := []field{fieldInterface, fieldAction, fieldSrcAddr, fieldDstAddr, fieldTCPFlags, fieldProtocol, fieldSrcPort, fieldDstPort, fieldPktSrcAddr, fieldPktDstAddr, fieldLogStatus}
	f.Fuzz(func(t *testing.T, line string, useCustom bool) {
		format := defaultFormat
		if useCustom {
			format = custom
		}
		var got, want Record
		gotP, wantP := parseRecord([]byte(line), format, &got), referenceParse([]byte(line), format, &want)
		if gotP != wantP || fmt.Sprintf("%+v", got) != fmt.Sprintf("%+v", want) {
			t.Fatalf("%q:\n got %+v %q\nwant %+v %q", line, got, gotP, want, wantP)
		}
	})
}
