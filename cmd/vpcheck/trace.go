package main

import (
	"errors"
	"fmt"
	"net/netip"
	"strconv"

	"github.com/spf13/cobra"

	"github.com/vpcheck/vpcheck/analyzer"
	"github.com/vpcheck/vpcheck/model"
	"github.com/vpcheck/vpcheck/report"
)

type traceOptions struct {
	IO       *IOStreams
	Paths    []string
	Format   report.Format
	Load     loadOptions
	From, To string
	// Root picks one of several networks (root modules) the PATHs hold.
	Root     string
	Protocol string
	Port     string
	SrcPort  string
	SrcIP    string
	DstIP    string
	ICMPType int
	ICMPCode int
}

// NewCmdTrace builds `vpcheck trace`.
func NewCmdTrace(streams *IOStreams, runF func(*traceOptions) error) *cobra.Command {
	opts := &traceOptions{IO: streams}
	cmd := &cobra.Command{
		Use:   "trace --from SRC --to DST --protocol P --port N [PATH...]",
		Short: "What happens to one packet from SRC to DST, hop by hop, there and back",
		Long: `Follow one concrete packet from SRC to DST through the network, hop by hop —
security groups, network ACLs, route tables, gateways and their address
translations — and then its reply back, with the route or rule that decided
each step and its source line.

SRC and DST are selectors as for reach. The packet's addresses, unless
--src-ip and --dst-ip give them: the source is SRC's first address (an
instance's primary private IP; a documentation address, 198.51.100.10, for
the internet); the destination is the address one means by DST from where
the packet starts — its private IP from inside the network or on-premises,
its public IP from the internet (which does not route private addresses),
203.0.113.10 when DST is the internet. The source port is 49152, the start of
the ephemeral range, unless --src-port says otherwise. ICMP traces send an
echo request unless --icmp-type and --icmp-code say otherwise.

The disposition is one of ACCEPTED, DENIED_OUT, DENIED_IN, NO_ROUTE,
BLACKHOLE, NEIGHBOR_UNREACHABLE, EXITS_NETWORK, LOOP, UNSUPPORTED; the code
beside it says precisely why (see docs/codes.md).

Exit status: 0 when the packet arrives at DST and its reply gets back to the
client, 1 when not, 2 for a usage or input error, 3 for an internal error.`,
		Example: `  vpcheck trace --from web-1 --to app-1 --protocol tcp --port 8080 example:public-private
  vpcheck trace --from internet --to web-1 --port 443 --format json network/
  vpcheck trace --from dev-1 --to api-1 --protocol icmp example:tgw-hub`,
		Args:              cobra.ArbitraryArgs,
		ValidArgsFunction: completePaths,
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.Load.withGlobals(cmd)
			opts.Paths = args
			if runF != nil {
				return runF(opts)
			}
			return runTrace(opts)
		},
	}
	f := cmd.Flags()
	f.StringVar(&opts.From, "from", "", "source selector (required)")
	f.StringVar(&opts.Root, "root", "", "the network to ask about when the PATHs hold several (a root module's directory, as 'vpcheck lint' names it)")
	f.StringVar(&opts.To, "to", "", "destination selector (required)")
	f.StringVar(&opts.Protocol, "protocol", "tcp", "tcp, udp, icmp, icmpv6, or a protocol number")
	f.StringVar(&opts.Port, "port", "", "destination port (required for tcp and udp)")
	f.StringVar(&opts.SrcPort, "src-port", "", "client source port (default 49152)")
	f.StringVar(&opts.SrcIP, "src-ip", "", "source address, one of SRC's (default: SRC's first)")
	f.StringVar(&opts.DstIP, "dst-ip", "", "destination address, one of DST's (default: see above)")
	f.IntVar(&opts.ICMPType, "icmp-type", -1, "ICMP type (default: echo request)")
	f.IntVar(&opts.ICMPCode, "icmp-code", -1, "ICMP code (default 0)")
	_ = cmd.MarkFlagRequired("from")
	_ = cmd.MarkFlagRequired("to")
	addFormatFlag(cmd, &opts.Format, report.TraceOutput)
	return cmd
}

// query turns the flags into an analyzer query.
func (o *traceOptions) query() (analyzer.TraceQuery, error) {
	q := analyzer.TraceQuery{From: o.From, To: o.To, ICMPType: o.ICMPType, ICMPCode: o.ICMPCode}
	p, err := model.ParseProtocol(o.Protocol)
	if err != nil {
		return q, err
	}
	if p == model.ProtoAll {
		return q, fmt.Errorf("--protocol: a trace follows one packet; name its protocol (tcp, udp, icmp, …), not all")
	}
	q.Protocol = p
	port := func(flag, s string) (uint16, error) {
		n, err := strconv.ParseUint(s, 10, 16)
		if err != nil {
			return 0, fmt.Errorf("%s: %q is not a port (0-65535)", flag, s)
		}
		return uint16(n), nil
	}
	switch {
	case p.HasPorts() && o.Port == "":
		return q, fmt.Errorf("--port is required for %s", p)
	case !p.HasPorts() && (o.Port != "" || o.SrcPort != ""):
		return q, fmt.Errorf("--port and --src-port apply to tcp and udp, not %s", p)
	}
	if o.Port != "" {
		if q.DstPort, err = port("--port", o.Port); err != nil {
			return q, err
		}
	}
	if o.SrcPort != "" {
		if q.SrcPort, err = port("--src-port", o.SrcPort); err != nil {
			return q, err
		}
		if q.SrcPort == 0 {
			return q, errors.New("--src-port: 0 is not a port a client sends from")
		}
	}
	if !p.IsICMP() && (o.ICMPType >= 0 || o.ICMPCode >= 0) {
		return q, fmt.Errorf("--icmp-type and --icmp-code apply to icmp and icmpv6, not %s", p)
	}
	if o.ICMPType > 255 || o.ICMPCode > 255 {
		return q, errors.New("--icmp-type and --icmp-code are 0-255")
	}
	for _, a := range []struct {
		flag, s string
		to      *netip.Addr
	}{{"--src-ip", o.SrcIP, &q.SrcIP}, {"--dst-ip", o.DstIP, &q.DstIP}} {
		if a.s == "" {
			continue
		}
		ip, err := netip.ParseAddr(a.s)
		if err != nil {
			return q, fmt.Errorf("%s: %q is not an IP address", a.flag, a.s)
		}
		*a.to = ip.Unmap()
	}
	if q.SrcIP.IsValid() && q.DstIP.IsValid() && q.SrcIP.Is4() != q.DstIP.Is4() {
		return q, errors.New("--src-ip and --dst-ip are of different IP versions")
	}
	return q, nil
}

func runTrace(opts *traceOptions) error {
	q, err := opts.query()
	if err != nil {
		return usageError(err)
	}
	d, err := loader{IO: opts.IO, Paths: opts.Paths, Load: opts.Load, Failed: jsonFailure(opts.IO, opts.Format)}.dataplane(opts.Root, opts.From, opts.To)
	if err != nil {
		return err
	}
	t, err := analyzer.New(d).Trace(q)
	var sel *analyzer.SelectorError
	switch {
	case errors.As(err, &sel):
		return usageError(err)
	case err != nil:
		return err
	}
	if err := report.TraceOutput.Write(opts.IO.Out, opts.Format, report.TraceReport{Dataplane: d, Trace: t}, report.TextOptions{}); err != nil {
		return err
	}
	if !t.Arrived || !t.Returned || len(t.Unmodelled) > 0 || t.LB != nil && (!t.LB.Arrived || t.LB.Return != nil && !t.LB.Returned) {
		return &exitError{code: exitFindings}
	}
	return nil
}
