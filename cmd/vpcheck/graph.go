package main

import (
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/spf13/cobra"

	"github.com/vpcheck/vpcheck/analyzer"
	"github.com/vpcheck/vpcheck/model"
	"github.com/vpcheck/vpcheck/report"
	"github.com/vpcheck/vpcheck/report/graph"
	"github.com/vpcheck/vpcheck/rules"
)

type graphOptions struct {
	IO       *IOStreams
	Paths    []string
	Format   report.Format
	Load     loadOptions
	From, To string
	Protocol string
	Port     string
	SrcPort  string
	Focus    string
	Depth    int
	// MaxInstances is how many instances of a subnet are drawn one by one.
	MaxInstances int
}

// NewCmdGraph builds `vpcheck graph`.
func NewCmdGraph(streams *IOStreams, runF func(*graphOptions) error) *cobra.Command {
	opts := &graphOptions{IO: streams}
	cmd := &cobra.Command{
		Use:   "graph [PATH...]",
		Short: "Draw the network, and the path of a packet on it",
		Long: `Draw the network: VPCs as clusters of their subnets (zone, CIDR, and whether
the subnet is public — it routes to an internet gateway — VPN-only or
private), route tables and their routes, internet, egress-only and NAT
gateways, peering connections, transit gateways with their route tables and
attachments, VPN and Direct Connect to on-premises networks, endpoints, and
the instances of each subnet (counted in a group beyond --max-instances).

With --from and --to, the path is drawn on the picture. With --port, the
concrete packet trace takes, there and back: its steps numbered, the
blocking point marked with its code. Without --port, the symbolic reach
answer: every edge some of the allowed packets (or their replies) cross,
or the blocking components when none arrive.

--focus SELECTOR --depth N draws only the neighbourhood of one object: it
(with its contents), what lies within N edges, and the path if any.

Formats: dot (Graphviz: dot -Tsvg), mermaid (renders in GitHub and GitLab
markdown), html (one self-contained page with the picture, the lint
findings and each object's details on click), json (nodes and edges).

Exit status: 0 when the picture was written, 2 for a usage or input error,
3 for an internal error.`,
		Example: `  vpcheck graph example:tgw-hub | dot -Tsvg > tgw-hub.svg
  vpcheck graph --format html network/ > network.html
  vpcheck graph --from web-1 --to app-1 --port 8080 --format mermaid example:public-private
  vpcheck graph --focus vpc:prod --depth 1 network/`,
		Args:              cobra.ArbitraryArgs,
		ValidArgsFunction: completePaths,
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.Load.withGlobals(cmd)
			opts.Paths = args
			if runF != nil {
				return runF(opts)
			}
			return runGraph(opts)
		},
	}
	f := cmd.Flags()
	f.StringVar(&opts.From, "from", "", "source selector: draw the path from here")
	f.StringVar(&opts.To, "to", "", "destination selector")
	f.StringVar(&opts.Protocol, "protocol", "", "tcp, udp, icmp, … (default tcp with --port, all without)")
	f.StringVar(&opts.Port, "port", "", "destination port: draw the traced packet rather than the reach answer")
	f.StringVar(&opts.SrcPort, "src-port", "", "with --port: the client's source port (default 49152)")
	f.StringVar(&opts.Focus, "focus", "", "draw only the neighbourhood of this object")
	f.IntVar(&opts.Depth, "depth", 1, "with --focus: how many edges away to draw")
	f.IntVar(&opts.MaxInstances, "max-instances", graph.DefaultMaxInstances, "instances of a subnet drawn one by one before they are grouped")
	addFormatFlag(cmd, &opts.Format, report.GraphOutput)
	return cmd
}

// check validates the flags before anything is loaded.
func (o *graphOptions) check() error {
	switch {
	case (o.From == "") != (o.To == ""):
		return errors.New("--from and --to go together")
	case o.From == "" && (o.Port != "" || o.Protocol != ""):
		return errors.New("--protocol and --port need --from and --to")
	case o.SrcPort != "" && o.Port == "":
		return errors.New("--src-port needs --port (it picks the traced packet)")
	case o.Depth < 0:
		return errors.New("--depth must be 0 or more")
	case o.MaxInstances < 1:
		return errors.New("--max-instances must be 1 or more")
	}
	return nil
}

func runGraph(opts *graphOptions) error {
	if err := opts.check(); err != nil {
		return usageError(err)
	}
	d, err := loader{IO: opts.IO, Paths: opts.Paths, Load: opts.Load, Failed: jsonFailure(opts.IO, opts.Format)}.dataplane("")
	if err != nil {
		return err
	}
	net := d.Net
	an := analyzer.New(d)
	var pinned []model.Object
	var focusObj model.Object
	sel := func(s string) (*analyzer.Endpoint, error) {
		ep, err := an.Select(s)
		if err != nil {
			return nil, usageError(err)
		}
		if ep.Object != nil {
			pinned = append(pinned, ep.Object)
		}
		return ep, nil
	}
	if opts.From != "" {
		if _, err := sel(opts.From); err != nil {
			return err
		}
		if _, err := sel(opts.To); err != nil {
			return err
		}
	}
	if opts.Focus != "" {
		if ep, err := an.Select(opts.Focus); err == nil {
			focusObj = ep.Object
			if focusObj != nil {
				pinned = append(pinned, focusObj)
			}
		}
	}
	g := graph.Build(an.Dataplane(), graph.Options{MaxInstances: opts.MaxInstances, Pinned: pinned})
	if opts.From != "" {
		if err := markPath(an, g, opts); err != nil {
			return err
		}
	}
	if opts.Format == report.FormatHTML {
		cfg, cfgFile, err := lintConfig(&lintOptions{IO: opts.IO, Paths: opts.Paths})
		if err != nil {
			return err
		}
		if cfgFile != nil {
			net.Files[cfg.File] = cfgFile
		}
		findings, _, err := rules.Run(net, cfg)
		if err != nil {
			return err
		}
		g.AddFindings(net, findings)
	}
	if opts.Focus != "" {
		el := g.Resolve(opts.Focus, focusObj)
		if el == "" {
			if _, err := an.Select(opts.Focus); err != nil {
				return usageError(fmt.Errorf("--focus: %w", err))
			}
			return usageError(fmt.Errorf("--focus: %s is not drawn (focus on a VPC, subnet, gateway, route table, instance, …)", report.Printable(opts.Focus)))
		}
		g = g.Focus(el, opts.Depth)
	}
	if opts.Format == report.FormatDot && len(g.Nodes) > bigDot {
		// Graphviz's layered layout grows much faster than the graph (see
		// docs/graph.md): say so rather than leave the user waiting.
		fmt.Fprintf(opts.IO.ErrOut, "note: %d nodes: Graphviz dot takes minutes on a picture this large; --focus SELECTOR --depth N draws a neighbourhood, --format html lays out the whole network itself\n", len(g.Nodes))
	}
	title := "vpcheck graph " + strings.Join(opts.Paths, " ")
	return report.GraphOutput.Write(opts.IO.Out, opts.Format, report.Picture{Drawing: g, Title: report.Printable(title)}, report.TextOptions{})
}

// bigDot is the number of nodes above which Graphviz dot is slow (about
// 200 generated VPCs: 9 s of CPU for 1,800 nodes, docs/graph.md).
const bigDot = 2000

// markPath draws the trace (with --port) or the reach answer on g.
func markPath(an *analyzer.Analyzer, g *graph.Graph, opts *graphOptions) error {
	proto := opts.Protocol
	if proto == "" {
		proto = "all"
		if opts.Port != "" {
			proto = "tcp"
		}
	}
	p, err := model.ParseProtocol(proto)
	if err != nil {
		return usageError(err)
	}
	var sel *analyzer.SelectorError
	if opts.Port != "" {
		if !p.HasPorts() {
			return usageError(fmt.Errorf("--port applies to tcp and udp, not %s", p))
		}
		n, err := strconv.ParseUint(opts.Port, 10, 16)
		if err != nil {
			return usageError(fmt.Errorf("--port: %q is not a port (0-65535); a range draws the reach answer, so leave --port out", opts.Port))
		}
		q := analyzer.TraceQuery{From: opts.From, To: opts.To, Protocol: p, DstPort: uint16(n), ICMPType: -1, ICMPCode: -1}
		if opts.SrcPort != "" {
			sp, err := strconv.ParseUint(opts.SrcPort, 10, 16)
			if err != nil || sp == 0 {
				return usageError(fmt.Errorf("--src-port: %q is not a port a client sends from (1-65535)", opts.SrcPort))
			}
			q.SrcPort = uint16(sp)
		}
		t, err := an.Trace(q)
		switch {
		case errors.As(err, &sel):
			return usageError(err)
		case err != nil:
			return err
		}
		g.MarkTrace(an.Dataplane(), t)
		return nil
	}
	ans, err := an.Reach(analyzer.Query{From: opts.From, To: opts.To, Protocol: p})
	var agree *analyzer.AgreementError
	switch {
	case errors.As(err, &sel):
		return usageError(err)
	case errors.As(err, &agree):
		return &exitError{code: exitInternal, err: fmt.Errorf("internal error: %w", err)}
	case err != nil:
		return err
	}
	g.MarkReach(an, ans)
	return nil
}
