package main

import (
	"errors"
	"fmt"

	"github.com/spf13/cobra"

	"github.com/vpcheck/vpcheck/analyzer"
	"github.com/vpcheck/vpcheck/model"
	"github.com/vpcheck/vpcheck/report"
)

type reachOptions struct {
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
	Expect   string
}

// NewCmdReach builds `vpcheck reach`.
func NewCmdReach(streams *IOStreams, runF func(*reachOptions) error) *cobra.Command {
	opts := &reachOptions{IO: streams}
	cmd := &cobra.Command{
		Use:   "reach --from SRC --to DST [PATH...]",
		Short: "Which packets can get from SRC to DST, and what blocks the rest",
		Long: `Compute symbolically which packets can get from SRC to DST — every packet,
not a sample — and whether their replies come back (network ACLs are
stateless). When none arrive, list every component on the closest path that
blocks them, with the route or rule responsible and its source line.

SRC and DST are a name from the definitions (web-1), a Terraform address
(aws_instance.web), an AWS id (i-0abc…, subnet-…, eni-…), kind:name
(subnet:web-a, vpc:prod), an IP address or CIDR block, "internet", or an
on-premises network's name. A subnet or VPC means any address in it.

Client source ports are taken to be the ephemeral range 1024-65535 unless
--src-port says otherwise, so "return: ok" means every reply in that range
passes.

The verdict is reachable (packets arrive and their replies come back),
unreachable, or unknown (the path crosses something vpcheck does not model,
which the answer names). --expect reachable, the default, requires every
reply to come back ("return: ok"): a partial return fails it. --expect
forward requires only that packets arrive (one-way flows). --expect
unreachable requires a proven unreachable. An unknown answer meets no
expectation but forward's when packets are proven to arrive.

Exit status: 0 when the answer meets the expectation, 1 when not, 2 for a
usage or input error, 3 for an internal error (docs/architecture.md, "The
CLI contract").`,
		Example: `  vpcheck reach --from web-1 --to app-1 --protocol tcp --port 8080 example:public-private
  vpcheck reach --from internet --to web-1 --port 443 network/
  vpcheck reach --from subnet:app-a --to 10.44.0.0/16 --expect unreachable .`,
		Args:              cobra.ArbitraryArgs,
		ValidArgsFunction: completePaths,
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.Load.withGlobals(cmd)
			opts.Paths = args
			if runF != nil {
				return runF(opts)
			}
			return runReach(opts)
		},
	}
	f := cmd.Flags()
	f.StringVar(&opts.From, "from", "", "source selector (required)")
	f.StringVar(&opts.Root, "root", "", "the network to ask about when the PATHs hold several (a root module's directory, as 'vpcheck lint' names it)")
	f.StringVar(&opts.To, "to", "", "destination selector (required)")
	f.StringVar(&opts.Protocol, "protocol", "all", "tcp, udp, icmp, icmpv6, all, or a protocol number")
	f.StringVar(&opts.Port, "port", "", "destination port N or range N-M (tcp and udp)")
	f.StringVar(&opts.SrcPort, "src-port", "", "client source port N or range N-M (default 1024-65535)")
	f.StringVar(&opts.Expect, "expect", "", "reachable (replies included), unreachable (no connection can be made), forward (packets arrive) or blocked (no packet arrives): exit 0 when the answer meets it, 1 when not")
	_ = cmd.MarkFlagRequired("from")
	_ = cmd.MarkFlagRequired("to")
	addFormatFlag(cmd, &opts.Format, report.ReachOutput)
	return cmd
}

// query turns the flags into an analyzer query.
func (o *reachOptions) query() (analyzer.Query, error) {
	q := analyzer.Query{From: o.From, To: o.To}
	p, err := model.ParseProtocol(o.Protocol)
	if err != nil {
		return q, err
	}
	q.Protocol = p
	if o.Port != "" {
		r, err := model.ParsePortRange(o.Port)
		if err != nil {
			return q, fmt.Errorf("--port: %w", err)
		}
		if p != model.ProtoAll && !p.HasPorts() {
			return q, fmt.Errorf("--port applies to tcp and udp, not %s", p)
		}
		q.Ports = &r
	}
	if o.SrcPort != "" {
		r, err := model.ParsePortRange(o.SrcPort)
		if err != nil {
			return q, fmt.Errorf("--src-port: %w", err)
		}
		q.SrcPorts = &r
	}
	if o.Expect != "" {
		if _, err := analyzer.ParseExpectation(o.Expect); err != nil {
			return q, fmt.Errorf("--expect must be reachable, unreachable, forward or blocked, not %q", o.Expect)
		}
	}
	return q, nil
}

func runReach(opts *reachOptions) error {
	q, err := opts.query()
	if err != nil {
		return usageError(err)
	}
	d, err := loader{IO: opts.IO, Paths: opts.Paths, Load: opts.Load, Failed: jsonFailure(opts.IO, opts.Format)}.dataplane(opts.Root, opts.From, opts.To)
	if err != nil {
		return err
	}
	an := analyzer.New(d)
	ans, err := an.Reach(q)
	var sel *analyzer.SelectorError
	var agree *analyzer.AgreementError
	switch {
	case errors.As(err, &sel):
		return usageError(err)
	case errors.As(err, &agree):
		return &exitError{code: exitInternal, err: fmt.Errorf("internal error: %w", err)}
	case err != nil:
		return err
	}
	if err := report.ReachOutput.Write(opts.IO.Out, opts.Format, report.ReachDocument(an, ans), report.TextOptions{}); err != nil {
		return err
	}
	want := analyzer.ExpectReachable
	if opts.Expect != "" {
		want = analyzer.Expectation(opts.Expect)
	}
	if ok, why := ans.Meets(want); !ok {
		if opts.Format != report.FormatJSON {
			fmt.Fprintf(opts.IO.ErrOut, "expectation failed: %s -> %s is %s\n", report.Printable(ans.From.Label), report.Printable(ans.To.Label), report.Printable(why))
		}
		return &exitError{code: exitFindings}
	}
	return nil
}
