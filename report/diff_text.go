package report

import (
	"fmt"
	"io"
	"strings"
)

// WriteDiffText writes a diff as a review comment: a summary line, then
// GAINED, LOST, NEW FINDINGS, FIXED (and failing assertions and dropped
// flows), each entry with its example packet and the cause's location.
func WriteDiffText(w io.Writer, doc *DiffDocument, opts TextOptions) error {
	var b strings.Builder
	b.WriteString(diffSummaryLine(doc) + "\n")
	section := func(title string) { b.WriteString("\n" + paint(title, ansiBold, opts.Color) + "\n") }
	writeChanges := func(sign string, cs []ChangeJSON) {
		for _, c := range cs {
			fmt.Fprintf(&b, "  %s %s -> %s: %s\n", sign, endpointText(c.From), endpointText(c.To), packetsText(c.Packets))
			fmt.Fprintf(&b, "      e.g. %s\n", packetText(c.Example))
			for _, k := range c.Causes {
				fmt.Fprintf(&b, "      cause: %s %s in %s%s\n", strings.ReplaceAll(k.Kind, "_", " "), k.Change, Printable(k.Resource), locText(k.Location))
			}
			for _, m := range append(c.From.Members, c.To.Members...) {
				fmt.Fprintf(&b, "      - %s\n", endpointText(m))
			}
		}
	}
	writeFindings := func(sign string, fs []DiffFindingJSON) {
		for _, f := range fs {
			fmt.Fprintf(&b, "  %s %s %s: %s%s\n", sign, f.Severity, f.Rule, Printable(f.Message), locText(f.Location))
		}
	}
	if len(doc.Reachability.Gained) > 0 {
		section("GAINED")
		writeChanges("+", doc.Reachability.Gained)
	}
	if len(doc.Reachability.Lost) > 0 {
		section("LOST")
		writeChanges("-", doc.Reachability.Lost)
	}
	if len(doc.Findings.New) > 0 {
		section("NEW FINDINGS")
		writeFindings("+", doc.Findings.New)
	}
	if len(doc.Findings.Fixed) > 0 {
		section("FIXED")
		writeFindings("-", doc.Findings.Fixed)
	}
	var failing []AssertionJSON
	for _, a := range doc.Assertions {
		if a.New {
			failing = append(failing, a)
		}
	}
	if len(failing) > 0 {
		section("ASSERTIONS NOW FAILING")
		for _, a := range failing {
			fmt.Fprintf(&b, "  ! %s: %s%s\n", Printable(a.Name), Printable(a.Message), locText(a.Location))
		}
	}
	if len(doc.Flows) > 0 {
		section("RECORDED FLOWS AFTER WOULD DROP")
		for _, f := range doc.Flows {
			port := ""
			if f.Port > 0 {
				port = fmt.Sprintf(":%d", f.Port)
			}
			fmt.Fprintf(&b, "  - %s %s -> %s%s (%d records): %s%s\n", f.Protocol, f.Client, f.Server, port, f.Records, Printable(f.Reason), locText(f.Location))
		}
	}
	_, err := io.WriteString(w, b.String())
	return err
}

func diffSummaryLine(doc *DiffDocument) string {
	s := fmt.Sprintf("%s -> %s: ", Printable(doc.Before.Spec), Printable(doc.After.Spec))
	if doc.Summary.Changes == 0 {
		return s + "no change to the network (only how it is written, if anything)"
	}
	s += fmt.Sprintf("%s changed; %d gained, %d lost, %s, %d fixed",
		plural(doc.Summary.Changes, "object"), doc.Summary.Gained, doc.Summary.Lost, plural(doc.Summary.NewFindings, "new finding"), doc.Summary.FixedFindings)
	if doc.Summary.Assertions > 0 {
		s += fmt.Sprintf(", %s now failing", plural(doc.Summary.Assertions, "assertion"))
	}
	if doc.Summary.Flows > 0 {
		s += fmt.Sprintf(", %s dropped", plural(doc.Summary.Flows, "recorded flow"))
	}
	if len(doc.Gating) > 0 {
		s += " (fails on: " + strings.Join(doc.Gating, ", ") + ")"
	}
	return s
}

func endpointText(e EndpointJSON) string {
	if e.Kind == "internet" || e.Kind == "group" {
		return Printable(e.Name)
	}
	return strings.ReplaceAll(e.Kind, "_", " ") + " " + Printable(e.Name)
}

func packetsText(ps []PacketsJSON) string {
	parts := make([]string, len(ps))
	for i, p := range ps {
		s := p.Protocol
		if p.Ports != "" {
			s += " " + p.Ports
		}
		if p.Sources != "" {
			s += " from " + p.Sources
		}
		parts[i] = s
	}
	return strings.Join(parts, "; ")
}

func packetText(p PacketJSON) string {
	if p.SrcPort > 0 || p.DstPort > 0 {
		// addr:port as reach and trace write it, IPv6 in brackets.
		return fmt.Sprintf("%s %s -> %s", p.Protocol, HostPort(p.SrcIP, p.SrcPort), HostPort(p.DstIP, p.DstPort))
	}
	if p.ICMPType != nil {
		return fmt.Sprintf("%s %s -> %s type %d code %d", p.Protocol, p.SrcIP, p.DstIP, *p.ICMPType, *p.ICMPCode)
	}
	return fmt.Sprintf("protocol %s %s -> %s", p.Protocol, p.SrcIP, p.DstIP)
}

func locText(l *Location) string {
	if l == nil {
		return ""
	}
	return " (" + Printable(l.String()) + ")"
}
