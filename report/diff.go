package report

import (
	"fmt"
	"sort"
	"strings"

	"github.com/hashicorp/hcl/v2"

	"github.com/vpcheck/vpcheck/analyzer/impact"
	"github.com/vpcheck/vpcheck/model"
	"github.com/vpcheck/vpcheck/rules"
)

// DiffInput describes one side of a diff as the user named it.
type DiffInput struct {
	// Spec is the argument as given: a path, example:NAME, git:REF[:PATH],
	// or the plan file with the part read.
	Spec string `json:"spec"`
	// Kind is path, example, git or plan.
	Kind string `json:"kind"`
	Ref  string `json:"ref,omitempty"`
	Path string `json:"path,omitempty"`
	// Counts are the objects of each kind the side describes.
	Counts map[string]int `json:"counts"`
}

// DiffAssertion is one .vpcheck.hcl assertion, evaluated on AFTER.
type DiffAssertion struct {
	Name    string
	Failing bool
	// New: it fails on AFTER and held on BEFORE.
	New     bool
	Message string
	Range   hcl.Range
}

// DiffFlow is a recorded flow (flow-log ACCEPT records) that BEFORE
// carries and AFTER would drop.
type DiffFlow struct {
	Client, Server string
	Protocol       string
	Port           int
	Records        int
	Disposition    string
	Reason         string
	Reply          bool
	Range          hcl.Range
}

// DiffResult is what a diff run has to say.
type DiffResult struct {
	Before, After DiffInput
	Impact        *impact.Result
	NewFindings   []rules.Finding
	FixedFindings []rules.Finding
	Assertions    []DiffAssertion
	Flows         []DiffFlow
	Diagnostics   hcl.Diagnostics
	// Gating says which parts make the run fail, for the text summary.
	Gating      []string
	ToolVersion string
	// Lint says how the findings were computed (nil: no lint ran).
	Lint *DiffLint
}

// DiffLint says how much of the lint a diff ran: the packet-level rules
// the change provably cannot affect are skipped on both sides (their
// findings are the same); the others run on both sides, the local ones
// with the change that may affect them. Model-level rules always run.
type DiffLint struct {
	// Incremental is false when every rule ran on both sides.
	Incremental bool     `json:"incremental"`
	Skipped     []string `json:"skipped"`
	// Scoped rules ran on both sides for the objects whose footprint
	// the change touches only.
	Scoped []string    `json:"scoped"`
	Rerun  []DiffRerun `json:"rerun"`
}

// DiffRerun is a local rule a diff ran on both sides, and why.
type DiffRerun struct {
	Rule   string `json:"rule"`
	Reason string `json:"reason"`
}

// DiffDocument is the `diff --format json` document (docs/architecture.md,
// "The CLI contract"): fields may be added, never renamed.
type DiffDocument struct {
	Before       DiffInput         `json:"before"`
	After        DiffInput         `json:"after"`
	Summary      DiffSummary       `json:"summary"`
	Reachability DiffReachability  `json:"reachability"`
	Findings     DiffFindings      `json:"findings"`
	Assertions   []AssertionJSON   `json:"assertions"`
	Flows        []FlowJSON        `json:"flows"`
	Diagnostics  []Diagnostic      `json:"diagnostics"`
	Changes      []ObjectChangeDoc `json:"changes"`
	Gating       []string          `json:"gating"`
	Lint         *DiffLint         `json:"lint,omitempty"`
	Stats        impact.Stats      `json:"stats"`
}

// DiffSummary counts each part.
type DiffSummary struct {
	Gained        int `json:"gained"`
	Lost          int `json:"lost"`
	NewFindings   int `json:"new_findings"`
	FixedFindings int `json:"fixed_findings"`
	Assertions    int `json:"assertions"`
	Flows         int `json:"flows"`
	Changes       int `json:"changes"`
}

// DiffReachability are the pairs whose answered packets changed.
type DiffReachability struct {
	Gained []ChangeJSON `json:"gained"`
	Lost   []ChangeJSON `json:"lost"`
}

// DiffFindings are the findings AFTER adds and fixes, by fingerprint.
type DiffFindings struct {
	New   []DiffFindingJSON `json:"new"`
	Fixed []DiffFindingJSON `json:"fixed"`
}

// DiffFindingJSON is a finding as lint --format json writes it, with its fingerprint.
type DiffFindingJSON struct {
	findingJSON
	Fingerprint string `json:"fingerprint"`
}

// ChangeJSON is one reachability change (a pair, or a group of pairs with
// one side in common and identical packets and causes).
type ChangeJSON struct {
	From    EndpointJSON  `json:"from"`
	To      EndpointJSON  `json:"to"`
	Packets []PacketsJSON `json:"packets"`
	Example PacketJSON    `json:"example"`
	Causes  []CauseJSON   `json:"causes"`
}

// EndpointJSON names an endpoint; a group lists its members.
type EndpointJSON struct {
	Kind    string         `json:"kind"`
	Name    string         `json:"name"`
	Address string         `json:"address,omitempty"`
	ID      string         `json:"id,omitempty"`
	Members []EndpointJSON `json:"members,omitempty"`
}

// PacketsJSON is the part of a change with one protocol.
type PacketsJSON struct {
	Protocol string `json:"protocol"`
	Ports    string `json:"ports,omitempty"`
	Sources  string `json:"sources,omitempty"`
}

// PacketJSON is one concrete packet.
type PacketJSON struct {
	Protocol string `json:"protocol"`
	SrcIP    string `json:"src_ip"`
	DstIP    string `json:"dst_ip"`
	SrcPort  int    `json:"src_port,omitempty"`
	DstPort  int    `json:"dst_port,omitempty"`
	ICMPType *int   `json:"icmp_type,omitempty"`
	ICMPCode *int   `json:"icmp_code,omitempty"`
}

// CauseJSON is a changed object on a change's path.
type CauseJSON struct {
	Resource string    `json:"resource"`
	Kind     string    `json:"kind"`
	Change   string    `json:"change"`
	Location *Location `json:"location,omitempty"`
}

// AssertionJSON is one assertion's state on AFTER.
type AssertionJSON struct {
	Name     string    `json:"name"`
	Status   string    `json:"status"`
	New      bool      `json:"new"`
	Message  string    `json:"message,omitempty"`
	Location *Location `json:"location,omitempty"`
}

// FlowJSON is a recorded flow AFTER would drop.
type FlowJSON struct {
	Client      string    `json:"client"`
	Server      string    `json:"server"`
	Protocol    string    `json:"protocol"`
	Port        int       `json:"port,omitempty"`
	Records     int       `json:"records"`
	Reply       bool      `json:"reply,omitempty"`
	Disposition string    `json:"disposition"`
	Reason      string    `json:"reason"`
	Location    *Location `json:"location,omitempty"`
}

// ObjectChangeDoc is one object added, removed or changed.
type ObjectChangeDoc struct {
	Resource string      `json:"resource"`
	Kind     string      `json:"kind"`
	Change   string      `json:"change"`
	Parts    []CauseJSON `json:"parts"`
}

// Document builds the JSON document every format renders from.
func (r *DiffResult) Document() DiffDocument {
	doc := DiffDocument{Before: r.Before, After: r.After, Assertions: []AssertionJSON{}, Flows: []FlowJSON{},
		Diagnostics: JSONDiagnostics(r.Diagnostics), Changes: []ObjectChangeDoc{}, Gating: r.Gating,
		Reachability: DiffReachability{Gained: []ChangeJSON{}, Lost: []ChangeJSON{}},
		Findings:     DiffFindings{New: findingsDoc(r.NewFindings), Fixed: findingsDoc(r.FixedFindings)}, Lint: r.Lint}
	if doc.Gating == nil {
		doc.Gating = []string{}
	}
	if r.Impact != nil {
		doc.Stats = r.Impact.Stats
		for _, c := range r.Impact.Model.Changes {
			o := c.Object()
			oc := ObjectChangeDoc{Resource: objectAddress(o), Kind: string(c.Kind), Change: c.Change, Parts: []CauseJSON{}}
			for _, p := range c.Parts {
				oc.Parts = append(oc.Parts, CauseJSON{Resource: oc.Resource, Kind: p.Kind, Change: p.Change, Location: LocationOf(&p.Range)})
			}
			doc.Changes = append(doc.Changes, oc)
		}
		doc.Reachability.Gained = groupChanges(r.Impact.Gained)
		doc.Reachability.Lost = groupChanges(r.Impact.Lost)
	}
	for _, a := range r.Assertions {
		st := "holds"
		if a.Failing {
			st = "fails"
		}
		doc.Assertions = append(doc.Assertions, AssertionJSON{Name: a.Name, Status: st, New: a.New, Message: a.Message, Location: LocationOf(&a.Range)})
	}
	for _, f := range r.Flows {
		doc.Flows = append(doc.Flows, FlowJSON{Client: f.Client, Server: f.Server, Protocol: f.Protocol, Port: f.Port, Records: f.Records,
			Reply: f.Reply, Disposition: f.Disposition, Reason: f.Reason, Location: LocationOf(&f.Range)})
	}
	doc.Summary = DiffSummary{Gained: pairCount(doc.Reachability.Gained), Lost: pairCount(doc.Reachability.Lost),
		NewFindings: len(doc.Findings.New), FixedFindings: len(doc.Findings.Fixed), Flows: len(doc.Flows), Changes: len(doc.Changes)}
	for _, a := range doc.Assertions {
		if a.New {
			doc.Summary.Assertions++
		}
	}
	return doc
}

func objectAddress(o model.Object) string {
	if m := o.Base(); m.TFAddr != "" {
		return m.TFAddr
	}
	return rules.Address(o)
}

// pairCount counts endpoint pairs, each member of a group once.
func pairCount(cs []ChangeJSON) int {
	n := 0
	for _, c := range cs {
		m := 1
		if len(c.From.Members) > 0 {
			m *= len(c.From.Members)
		}
		if len(c.To.Members) > 0 {
			m *= len(c.To.Members)
		}
		n += m
	}
	return n
}

func findingsDoc(fs []rules.Finding) []DiffFindingJSON {
	out := make([]DiffFindingJSON, 0, len(fs))
	for _, f := range fs {
		fj := findingJSON{Rule: f.Rule, Severity: f.Severity.String(), Message: f.Message, Resource: f.Resource,
			Location: LocationOf(&f.Range), Related: make([]relatedJSON, 0, len(f.Related)), Fix: f.Fix}
		for _, r := range f.Related {
			fj.Related = append(fj.Related, relatedJSON{Message: r.Message, Resource: r.Resource, Location: LocationOf(&r.Range)})
		}
		out = append(out, DiffFindingJSON{findingJSON: fj, Fingerprint: f.Fingerprint()})
	}
	return out
}

func endpointDoc(e impact.EndpointRef) EndpointJSON {
	j := EndpointJSON{Kind: e.Kind, Name: e.Name, ID: e.ID}
	if e.Kind != impact.KindInternet {
		j.Address = e.Address
	}
	return j
}

func changeDoc(c impact.Change) ChangeJSON {
	j := ChangeJSON{From: endpointDoc(c.From), To: endpointDoc(c.To), Packets: []PacketsJSON{}, Causes: []CauseJSON{}}
	for _, p := range c.Packets {
		j.Packets = append(j.Packets, PacketsJSON{Protocol: p.Protocol, Ports: p.Ports, Sources: p.Sources})
	}
	p := c.Example
	j.Example = PacketJSON{Protocol: model.Protocol(p.Proto).String(), SrcIP: c.ExampleSrc, DstIP: c.ExampleDst}
	switch {
	case model.Protocol(p.Proto).IsICMP():
		t, cd := int(p.ICMPType), int(p.ICMPCode)
		j.Example.ICMPType, j.Example.ICMPCode = &t, &cd
	case model.Protocol(p.Proto).HasPorts():
		j.Example.SrcPort, j.Example.DstPort = int(p.SrcPort), int(p.DstPort)
	}
	if !model.Protocol(p.Proto).HasPorts() && !model.Protocol(p.Proto).IsICMP() {
		j.Example.Protocol = fmt.Sprint(p.Proto)
	}
	for _, k := range c.Causes {
		j.Causes = append(j.Causes, CauseJSON{Resource: k.Resource, Kind: k.Kind, Change: k.Change, Location: LocationOf(&k.Location)})
	}
	return j
}

// groupChanges merges pairs with one side in common and the same packets
// and causes ("internet → 3 instances in subnet web-a, tcp 22"), keeping
// every member; a group of one stays a pair.
func groupChanges(cs []impact.Change) []ChangeJSON {
	docs := make([]ChangeJSON, len(cs))
	for i, c := range cs {
		docs[i] = changeDoc(c)
	}
	sig := func(c ChangeJSON) string {
		var b strings.Builder
		for _, p := range c.Packets {
			b.WriteString(p.Protocol + "/" + p.Ports + "/" + p.Sources + ";")
		}
		for _, k := range c.Causes {
			b.WriteString(k.Resource + "/" + k.Kind + "/" + k.Change + ";")
		}
		return b.String()
	}
	type group struct {
		first   int
		members []int
	}
	grouped := map[int]bool{}
	var out []ChangeJSON
	// Same source, several destinations.
	bySrc := map[string]*group{}
	var srcOrder []string
	for i, c := range docs {
		k := c.From.Kind + "\x00" + c.From.Name + "\x00" + sig(c)
		g := bySrc[k]
		if g == nil {
			g = &group{first: i}
			bySrc[k] = g
			srcOrder = append(srcOrder, k)
		}
		g.members = append(g.members, i)
	}
	for _, k := range srcOrder {
		g := bySrc[k]
		if len(g.members) < 2 {
			continue
		}
		c := docs[g.first]
		var ms []EndpointJSON
		var subnets []string
		for _, i := range g.members {
			ms = append(ms, docs[i].To)
			grouped[i] = true
			subnets = append(subnets, cs[i].To.Subnet)
		}
		c.To = EndpointJSON{Kind: "group", Name: groupName(ms, subnets), Members: ms}
		out = append(out, c)
	}
	// Same destination, several sources.
	byDst := map[string]*group{}
	var dstOrder []string
	for i, c := range docs {
		if grouped[i] {
			continue
		}
		k := c.To.Kind + "\x00" + c.To.Name + "\x00" + sig(c)
		g := byDst[k]
		if g == nil {
			g = &group{first: i}
			byDst[k] = g
			dstOrder = append(dstOrder, k)
		}
		g.members = append(g.members, i)
	}
	for _, k := range dstOrder {
		g := byDst[k]
		c := docs[g.first]
		if len(g.members) > 1 {
			var ms []EndpointJSON
			var subnets []string
			for _, i := range g.members {
				ms = append(ms, docs[i].From)
				subnets = append(subnets, cs[i].From.Subnet)
			}
			c.From = EndpointJSON{Kind: "group", Name: groupName(ms, subnets), Members: ms}
		}
		out = append(out, c)
	}
	sort.SliceStable(out, func(i, j int) bool {
		if out[i].From.Name != out[j].From.Name {
			return out[i].From.Name < out[j].From.Name
		}
		return out[i].To.Name < out[j].To.Name
	})
	return out
}

// groupName says what a group holds: "3 instances in subnet web-a".
func groupName(ms []EndpointJSON, subnets []string) string {
	kind := ms[0].Kind
	for _, m := range ms {
		if m.Kind != kind {
			kind = ""
		}
	}
	noun := "endpoints"
	if kind != "" {
		noun = strings.ReplaceAll(kind, "_", " ") + "s"
	}
	s := fmt.Sprintf("%d %s", len(ms), noun)
	same := subnets[0] != ""
	for _, x := range subnets {
		if x != subnets[0] {
			same = false
		}
	}
	if same {
		s += " in subnet " + subnets[0]
	}
	return s
}
