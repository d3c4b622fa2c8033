package flowlog

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"errors"
	"fmt"
	"io"
	"net/netip"

	"github.com/hashicorp/hcl/v2"
)

// field is a flow log record field vpcheck reads.
type field uint8

const (
	fieldOther field = iota
	fieldVersion
	fieldInterface
	fieldSrcAddr
	fieldDstAddr
	fieldSrcPort
	fieldDstPort
	fieldProtocol
	fieldAction
	fieldLogStatus
	fieldPktSrcAddr
	fieldPktDstAddr
	fieldTCPFlags
)

// fieldNames are the field names a header line may use (the names in
// AWS's format strings, without ${}); those not listed are skipped.
var fieldNames = map[string]field{
	"version": fieldVersion, "interface-id": fieldInterface, "srcaddr": fieldSrcAddr, "dstaddr": fieldDstAddr,
	"srcport": fieldSrcPort, "dstport": fieldDstPort, "protocol": fieldProtocol, "action": fieldAction,
	"log-status": fieldLogStatus, "pkt-srcaddr": fieldPktSrcAddr, "pkt-dstaddr": fieldPktDstAddr, "tcp-flags": fieldTCPFlags,
	"account-id": fieldOther, "packets": fieldOther, "bytes": fieldOther, "start": fieldOther, "end": fieldOther,
}

// defaultFormat is version 2, the default format.
var defaultFormat = []field{fieldVersion, fieldOther, fieldInterface, fieldSrcAddr, fieldDstAddr, fieldSrcPort,
	fieldDstPort, fieldProtocol, fieldOther, fieldOther, fieldOther, fieldOther, fieldAction, fieldLogStatus}

// Action is a record's action.
type Action uint8

// Actions.
const (
	ActionNone Action = iota
	ActionAccept
	ActionReject
)

// Status is a record's log status.
type Status uint8

// Log statuses.
const (
	StatusOK Status = iota
	StatusNoData
	StatusSkipData
)

// Record is one parsed flow log record.
type Record struct {
	Interface        []byte
	Src, Dst         netip.Addr
	PktSrc, PktDst   netip.Addr
	SrcPort, DstPort uint16
	Proto            uint8
	Action           Action
	Status           Status
	// TCPFlags is -1 when the format has no tcp-flags.
	TCPFlags int
}

// maxDiagnostics bounds the diagnostics of one file: a file that is not
// a flow log at all should not print a million of them.
const maxDiagnostics = 20

// Read reads flow log records from rd (gzip-compressed or not) and calls fn
// with each well-formed one; the record, and the Interface bytes it holds,
// are only valid during the call. name is the file name diagnostics cite.
// Malformed records are diagnostics (the first few), and the rest of the
// file is still read. The error is an I/O error.
func Read(name string, rd io.Reader, fn func(*Record)) (hcl.Diagnostics, error) {
	br := bufio.NewReaderSize(rd, 1<<16)
	if magic, err := br.Peek(2); err == nil && magic[0] == 0x1f && magic[1] == 0x8b {
		zr, err := gzip.NewReader(br)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", name, err)
		}
		defer zr.Close()
		br = bufio.NewReaderSize(zr, 1<<16)
	}
	var diags hcl.Diagnostics
	bad := 0
	format := defaultFormat
	var rec Record
	var long []byte
	for line := 1; ; line++ {
		b, err := br.ReadSlice('\n')
		if errors.Is(err, bufio.ErrBufferFull) {
			long = append(long[:0], b...)
			for errors.Is(err, bufio.ErrBufferFull) {
				b, err = br.ReadSlice('\n')
				long = append(long, b...)
			}
			b = long
		}
		if len(b) > 0 {
			b = bytes.TrimRight(b, "\r\n")
			if h, ok := parseHeader(b); ok {
				format = h
			} else if len(bytes.TrimSpace(b)) > 0 {
				if problem := parseRecord(b, format, &rec); problem != "" {
					bad++
					if bad <= maxDiagnostics {
						diags = append(diags, diagnostic(name, line, problem))
					}
				} else {
					fn(&rec)
				}
			}
		}
		if err == io.EOF {
			break
		}
		if err != nil {
			return diags, fmt.Errorf("%s: %w", name, err)
		}
	}
	if bad > maxDiagnostics {
		diags = append(diags, &hcl.Diagnostic{Severity: hcl.DiagError, Summary: fmt.Sprintf("%d more malformed flow log records", bad-maxDiagnostics),
			Subject: &hcl.Range{Filename: name}})
	}
	return diags, nil
}

func diagnostic(name string, line int, problem string) *hcl.Diagnostic {
	return &hcl.Diagnostic{Severity: hcl.DiagError, Summary: "malformed flow log record", Detail: problem,
		Subject: &hcl.Range{Filename: name, Start: hcl.Pos{Line: line, Column: 1}, End: hcl.Pos{Line: line, Column: 1}}}
}

// parseHeader reads a header line: field names, the first of them a
// known one (a record's first field never is). It allocates only for a
// header.
func parseHeader(b []byte) ([]field, bool) {
	var first []byte
	eachField(b, func(tok []byte) bool {
		first = tok
		return false
	})
	// Every field name starts with a lower-case letter (or is in ${}): a
	// record's usual first field, a number, needs no look-up.
	if len(first) == 0 || first[0] != '$' && (first[0] < 'a' || first[0] > 'z') {
		return nil, false
	}
	if _, known := fieldNames[string(fieldName(first))]; !known {
		return nil, false
	}
	var fields []field
	eachField(b, func(tok []byte) bool {
		fields = append(fields, fieldNames[string(fieldName(tok))])
		return true
	})
	return fields, true
}

// fieldName is a header's field name without the ${} of AWS's format strings.
func fieldName(tok []byte) []byte {
	return bytes.TrimSuffix(bytes.TrimPrefix(tok, []byte("${")), []byte("}"))
}

// eachField calls fn with each space-separated field of b until it returns false.
func eachField(b []byte, fn func([]byte) bool) {
	for i := 0; i < len(b); {
		for i < len(b) && (b[i] == ' ' || b[i] == '\t') {
			i++
		}
		j := i
		for j < len(b) && b[j] != ' ' && b[j] != '\t' {
			j++
		}
		if j > i && !fn(b[i:j]) {
			return
		}
		i = j
	}
}

// parseRecord parses one record in format into rec, or says what is
// wrong with it. It does not allocate for IPv4 records. It reads each
// field as it scans it (a port, an IPv4 address) and goes back to the
// field's text only for what it does not read that way; FuzzParseRecord
// holds it to the plain reading, token by token, of referenceParse.
func parseRecord(b []byte, format []field, rec *Record) string {
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
		if n >= len(format) {
			n++
			break
		}
		f := format[n]
		n++
		start := i
		switch f {
		case fieldSrcPort, fieldDstPort, fieldProtocol, fieldTCPFlags, fieldVersion:
			// A number, read as scanned.
			limit := uint32(65535)
			if f == fieldProtocol {
				limit = 255
			}
			v := uint32(0)
			for i < len(b) && b[i] >= '0' && b[i] <= '9' && v <= limit && i-start < 20 {
				v = v*10 + uint32(b[i]-'0')
				i++
			}
			if i == start || v > limit || i < len(b) && b[i] != ' ' && b[i] != '\t' {
				// A dash, or not a number: the field's text says which.
				i = tokenEnd(b, i)
				if problem := setField(rec, f, b[start:i], &action, &status); problem != "" {
					return problem
				}
				continue
			}
			setNumber(rec, f, uint64(v))
		case fieldSrcAddr, fieldDstAddr, fieldPktSrcAddr, fieldPktDstAddr:
			a, end, ok := scanIPv4(b, i)
			if !ok {
				i = tokenEnd(b, i)
				if problem := setField(rec, f, b[start:i], &action, &status); problem != "" {
					return problem
				}
				continue
			}
			i = end
			setAddr(rec, f, a)
		default:
			i = tokenEnd(b, i)
			if problem := setField(rec, f, b[start:i], &action, &status); problem != "" {
				return problem
			}
		}
	}
	return finishRecord(rec, n, format, action, status)
}

// tokenEnd is the end of the field at or around i: the next blank.
func tokenEnd(b []byte, i int) int {
	for i < len(b) && b[i] != ' ' && b[i] != '\t' {
		i++
	}
	return i
}

// scanIPv4 reads a dotted-quad IPv4 address from b[i:] up to the next blank
// or the end, as parseAddr does: four decimal numbers up to 255 without
// leading zeros. ok is false for anything else, which parseAddr reads.
func scanIPv4(b []byte, i int) (netip.Addr, int, bool) {
	var a [4]byte
	for part := 0; part < 4; part++ {
		if part > 0 {
			if i == len(b) || b[i] != '.' {
				return netip.Addr{}, i, false
			}
			i++
		}
		start, v := i, 0
		for i < len(b) && b[i] >= '0' && b[i] <= '9' && i-start < 3 {
			v = v*10 + int(b[i]-'0')
			i++
		}
		if i == start || v > 255 || i-start > 1 && b[start] == '0' {
			return netip.Addr{}, i, false
		}
		a[part] = byte(v)
	}
	if i < len(b) && b[i] != ' ' && b[i] != '\t' {
		return netip.Addr{}, i, false
	}
	return netip.AddrFrom4(a), i, true
}

func setAddr(rec *Record, f field, a netip.Addr) {
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
}

// setField reads field f from its text tok into rec (action and status
// are kept for finishRecord), or says what is wrong with it.
func setField(rec *Record, f field, tok []byte, action, status *[]byte) string {
	if f == fieldOther {
		return ""
	}
	dash := len(tok) == 1 && tok[0] == '-'
	switch f {
	case fieldInterface:
		rec.Interface = tok
	case fieldSrcAddr, fieldDstAddr, fieldPktSrcAddr, fieldPktDstAddr:
		if dash {
			return ""
		}
		a, ok := parseAddr(tok)
		if !ok {
			return fmt.Sprintf("%q is not an IP address", tok)
		}
		setAddr(rec, f, a)
	case fieldSrcPort, fieldDstPort, fieldProtocol, fieldTCPFlags, fieldVersion:
		if dash {
			return ""
		}
		limit := uint64(65535)
		if f == fieldProtocol {
			limit = 255
		}
		v, ok := parseUint(tok, limit)
		if !ok {
			return fmt.Sprintf("%q is not a number from 0 to %d", tok, limit)
		}
		setNumber(rec, f, v)
	case fieldAction:
		*action = tok
	case fieldLogStatus:
		*status = tok
	}
	return ""
}

// setNumber stores the value of a numeric field (the version is read and
// not kept).
func setNumber(rec *Record, f field, v uint64) {
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
}

// finishRecord checks the number of fields n and reads the action and
// log status.
func finishRecord(rec *Record, n int, format []field, action, status []byte) string {
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

// parseAddr parses an IPv4 address without allocating, and anything
// else (IPv6, or text that is no address at all) with netip.
func parseAddr(b []byte) (netip.Addr, bool) {
	var a [4]byte
	part, digits, v := 0, 0, 0
	for _, c := range b {
		switch {
		case c >= '0' && c <= '9' && digits < 3 && !(digits > 0 && v == 0):
			v = v*10 + int(c-'0')
			digits++
		case c == '.' && digits > 0 && part < 3 && v <= 255:
			a[part] = byte(v)
			part++
			v, digits = 0, 0
		default:
			return parseAddrSlow(b)
		}
	}
	if part != 3 || digits == 0 || v > 255 {
		return parseAddrSlow(b)
	}
	a[3] = byte(v)
	return netip.AddrFrom4(a), true
}

func parseAddrSlow(b []byte) (netip.Addr, bool) {
	a, err := netip.ParseAddr(string(b))
	if err != nil {
		return netip.Addr{}, false
	}
	return a.Unmap(), true
}

func parseUint(b []byte, limit uint64) (uint64, bool) {
	if len(b) == 0 || len(b) > 20 {
		return 0, false
	}
	var v uint64
	for _, c := range b {
		if c < '0' || c > '9' {
			return 0, false
		}
		v = v*10 + uint64(c-'0')
		if v > limit {
			return 0, false
		}
	}
	return v, true
}
