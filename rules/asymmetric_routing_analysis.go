package rules

import (
	"fmt"
	"net/netip"
	"slices"
	"sort"
	"strings"

	"github.com/hashicorp/hcl/v2"

	"github.com/vpcheck/vpcheck/analyzer"
	"github.com/vpcheck/vpcheck/analyzer/dataplane"
	"github.com/vpcheck/vpcheck/analyzer/packet"
	"github.com/vpcheck/vpcheck/analyzer/symbolic"
	"github.com/vpcheck/vpcheck/model"
)

// AsymmetryKind says how a reply's path differs from its request's.
type AsymmetryKind string

// Asymmetries.
const (
	// AsymmetryNoRoute: the reply has no route back (a route on one side only).
	AsymmetryNoRoute AsymmetryKind = "no-route"
	// AsymmetryStateful: the reply is routed into a stateful gateway (a NAT
	// gateway) the request did not cross.
	AsymmetryStateful AsymmetryKind = "stateful-gateway"
	// AsymmetryMiddlebox: request and reply cross different inspection
	// appliances (an appliance ENI, a Gateway Load Balancer endpoint), so a
	// stateful appliance sees one direction only.
	AsymmetryMiddlebox AsymmetryKind = "middlebox"
	// AsymmetryTransitGateway: request and reply cross different transit
	// gateways. Both arrive, but anything stateful on one gateway's path
	// (an inspection VPC, appliance mode, flow-based monitoring) sees one
	// direction only.
	AsymmetryTransitGateway AsymmetryKind = "transit-gateway"
)

// Asymmetry is a flow whose reply does not come back the way it went.
type Asymmetry struct {
	Kind AsymmetryKind
	// Source names where the requests come from ("the internet", "on-prem dc").
	Source string
	// Destination is the object the requests are delivered to.
	Destination model.Object
	// Component and Range are where to fix it: the route table that lacks
	// the route or sends the reply astray, or the gateway route table that
	// lets requests bypass the appliance.
	Component model.Object
	Range     hcl.Range
	Message   string
	// Forward and Reply describe both paths, hop by hop; ForwardRange is
	// where the requests arrive.
	Forward, Reply []string
	ForwardRange   hcl.Range
	// Witness is one request whose reply fares as reported, for replay
	// on the fast path (nil when the engine gave no concrete packet).
	Witness *AsymmetryWitness
}

// AsymmetryWitness is one request of an asymmetry: sent from Start, it
// is delivered, and its reply ends with Code (delivered or not).
type AsymmetryWitness struct {
	Start     dataplane.NodeID
	Packet    packet.Packet
	Code      dataplane.Code
	Delivered bool
}

// asymmetryWitness picks a request of fwd whose reply is among back's:
// one whose reply, as the destination sends it, is in back's origin.
// Where the request was rewritten on its way (an internet gateway's or a
// NAT's translation), the rewritten fields are forgotten and the request
// taken among fwd's origin.
func asymmetryWitness(d *dataplane.Dataplane, ops *symbolic.Space, fwd, back symbolic.Leaf) *AsymmetryWitness {
	if len(fwd.Path) == 0 {
		return nil
	}
	answered := ops.Intersect(fwd.Set, ops.ReplyInverse(back.Origin))
	w := ops.Intersect(fwd.Origin, answered)
	if ops.IsEmpty(w) {
		w = ops.Intersect(fwd.Origin, ops.ForgetAddresses(answered))
	}
	p, ok := ops.Witness(w, packet.Packet{Proto: uint8(model.ProtoTCP), SrcPort: 49152, DstPort: 443})
	if !ok {
		return nil
	}
	return &AsymmetryWitness{Start: d.Edges[fwd.Path[0].Edge].From, Packet: p, Code: back.Outcome.Code, Delivered: back.Delivered}
}

// Asymmetries explores the flows that enter the network from outside (the
// internet, each on-premises site) and the flows between peered VPCs, and
// for each delivered one explores its replies: a reply with no route back,
// one routed into a NAT gateway, or one crossing other appliances than its
// request, is reported with both paths. Computed once per run, for
// asymmetric-routing.
var Asymmetries = &Analysis{
	Name:     "asymmetries",
	Requires: []*Analysis{Plane, Dataplane, Exposures},
	Serial:   true,
	Run: func(p *Pass) (any, error) {
		// The flows between VPCs (peered, or through transit gateways)
		// start inside the network and need no other result: explore
		// them on an engine of their own while the main engine explores
		// from the internet (one worker: the ephemeral gaps and the other
		// rules keep the other processors busy, and each engine costs its
		// tables).
		inside := startPeerings(planeOf(p), 1)
		an := analyzerOf(p)
		return asymmetriesWith(an, exposuresOf(p), inside()), nil
	},
}

func asymmetriesOf(p *Pass) []Asymmetry { return mustResultOf[[]Asymmetry](p, Asymmetries) }

// asymmetries follows the replies of the flows from the internet (exposed),
// from on-premises sites and between peered VPCs, all on the analyzer's
// engine.
func asymmetries(an *analyzer.Analyzer, exposed []Exposure) []Asymmetry {
	peered := peeringAsymmetries(an, an.Symbolic(), peeringSources(an.Dataplane()))
	return asymmetriesWith(an, exposed, append(peered, transitAsymmetries(an)...))
}

// asymmetriesWith is asymmetries with the peerings' candidates already
// found (in source order, not yet deduplicated).
func asymmetriesWith(an *analyzer.Analyzer, exposed []Exposure, peered []Asymmetry) []Asymmetry {
	s := an.Symbolic()
	ops, d := s.Space(), an.Dataplane()
	var found []Asymmetry
	for _, x := range exposed {
		found = checkAsymmetries(found, an, s, "the internet", x.Leaves)
	}
	for _, o := range d.Net.OnPrem {
		id := d.OnPrem[o]
		var own []netip.Prefix
		for _, b := range o.CIDRs {
			own = append(own, b.Prefix)
		}
		src := ops.Prefixes(dataplane.FieldSrc, own)
		found = checkAsymmetries(found, an, s, "on-prem "+o.Name, s.Explore(id, ops.Minus(src, ops.Prefixes(dataplane.FieldDst, own)), false))
	}
	found = append(found, peered...)
	var out []Asymmetry
	seen := map[string]bool{}
	for _, a := range found {
		k := string(a.Kind) + a.Range.String() + a.Message
		if !seen[k] {
			seen[k] = true
			out = append(out, a)
		}
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].Range.String() < out[j].Range.String() })
	return out
}

// checkAsymmetries appends to out the asymmetries of the delivered leaves'
// replies, explored on s.
func checkAsymmetries(out []Asymmetry, an *analyzer.Analyzer, s *symbolic.Engine, source string, leaves []symbolic.Leaf) []Asymmetry {
	d := an.Dataplane()
	for _, fwd := range leaves {
		if !fwd.Delivered || d.Nodes[fwd.Node].ReplyFrom < 0 {
			continue
		}
		dest := d.Nodes[fwd.Node].Outcome.Component
		for _, back := range s.ExploreReply(fwd) {
			a, ok := asymmetry(d, fwd, back)
			if !ok {
				continue
			}
			a.Source, a.Destination = source, dest
			a.Message = describeAsymmetry(an, s, a, fwd, back)
			a.Forward, a.Reply = pathText(d, fwd), pathText(d, back)
			a.Witness = asymmetryWitness(d, s.Space(), fwd, back)
			if n := len(fwd.Path); n > 0 {
				a.ForwardRange = d.Edges[fwd.Path[n-1].Edge].Range
			}
			out = append(out, a)
		}
	}
	return out
}

// peeringSource is one side of a peering: the ENIs of one VPC sending to
// the other's blocks.
type peeringSource struct {
	from *model.VPC
	dst  []netip.Prefix
}

// peeringSources lists the sides of every peering, in network order.
func peeringSources(d *dataplane.Dataplane) []peeringSource {
	var out []peeringSource
	for _, p := range d.Net.Peerings {
		for _, v := range []*model.VPC{model.Target[*model.VPC](p.Requester), model.Target[*model.VPC](p.Accepter)} {
			if v == nil || p.Other(v) == nil {
				continue
			}
			out = append(out, peeringSource{v, p.Other(v).Prefixes()})
		}
	}
	return out
}

// peeringAsymmetries explores the flows of peering sides from every ENI of
// the sending VPC (and the hypothetical host of each subnet without a
// host), and their replies, on s.
func peeringAsymmetries(an *analyzer.Analyzer, s *symbolic.Engine, sides []peeringSource) []Asymmetry {
	ops, d := s.Space(), an.Dataplane()
	var out []Asymmetry
	for _, side := range sides {
		dst := ops.Prefixes(dataplane.FieldDst, side.dst)
		for _, sub := range side.from.Subnets {
			for _, e := range sub.Interfaces {
				if start, ok := d.ENIOut[e]; ok {
					src := ops.Prefixes(dataplane.FieldSrc, dataplane.HostPrefixes(d.Addrs[e]))
					out = checkAsymmetries(out, an, s, model.Label(d.DisplayOf(e)), s.Explore(start, ops.Intersect(src, dst), false))
				}
			}
			if h, ok := d.Hypothetical[sub]; ok {
				if start, ok := d.Router[sub]; ok {
					src := ops.Prefixes(dataplane.FieldSrc, dataplane.HostPrefixes([]netip.Addr{h.Private}))
					out = checkAsymmetries(out, an, s, "subnet "+sub.Name, s.Explore(start, ops.Intersect(src, dst), false))
				}
			}
		}
	}
	return out
}

// startPeerings explores the peerings' flows, and then the flows between
// VPCs through transit gateways, on workers, each with an engine of its
// own, and returns the function that waits for them and gives their
// asymmetries in source order (the peerings', then the transit
// gateways'). The results hold no packet set, so they outlive the engines.
func startPeerings(an *analyzer.Analyzer, workers int) func() []Asymmetry {
	d := an.Dataplane()
	sides := peeringSources(d)
	cands := tgwCandidates(d.Net)
	// Job j < len(sides) is peering side j; the last one the transit
	// gateways' candidates.
	results := make([][]Asymmetry, len(sides)+1)
	done := make(chan any, 1)
	go func() {
		defer func() { done <- recover() }()
		// One engine per worker, kept (and collected between jobs): a
		// side's flows may cross the internet's or a transit gateway's
		// table, whose partitions a fresh engine would build again.
		type worker struct {
			s  *symbolic.Engine
			gc engineGC
		}
		eachInParallel(len(results), workers, func() worker { return worker{s: symbolic.New(d)} }, func(w *worker, j int) {
			if j == len(sides) {
				results[j] = tgwAsymmetries(an, w.s, cands)
			} else {
				results[j] = peeringAsymmetries(an, w.s, sides[j:j+1])
			}
			w.gc.after(w.s, nil) // the results hold no set
		})
	}()
	return func() []Asymmetry {
		if v := <-done; v != nil {
			panic(v) // a bug: the rule's run reports it
		}
		var out []Asymmetry
		for _, r := range results {
			out = append(out, r...)
		}
		return out
	}
}

// asymmetry compares one reply branch with its request.
func asymmetry(d *dataplane.Dataplane, fwd, back symbolic.Leaf) (Asymmetry, bool) {
	if !back.Delivered {
		switch back.Outcome.Code {
		case dataplane.CodeAsymmetric:
			// Point at the route that sends the reply into the gateway.
			a := Asymmetry{Kind: AsymmetryStateful, Component: back.Outcome.Component, Range: back.Outcome.Range}
			if n := len(back.Path); n > 0 {
				last := &d.Edges[back.Path[n-1].Edge]
				a.Range, a.Component = last.Range, last.ViaObj
			}
			return a, true
		case dataplane.CodeNoRoute, dataplane.CodeVGWNoRoute, dataplane.CodeTGWNoRoute, dataplane.CodeBlackhole, dataplane.CodeTGWBlackhole, dataplane.CodeIGWNoPublicIP,
			dataplane.CodePeeringTransitive, dataplane.CodePeeringEdgeToEdge, dataplane.CodeTGWAttachmentAZ:
			return Asymmetry{Kind: AsymmetryNoRoute, Component: back.Outcome.Component, Range: back.Outcome.Range}, true
		}
		return Asymmetry{}, false
	}
	ft, rt := transitGateways(d, fwd.Path), transitGateways(d, back.Path)
	if back.Outcome.Code == dataplane.CodeExitsNetwork && len(ft) > 0 && len(rt) == 0 {
		// A reply to a request that came through a transit gateway leaves
		// for the internet (a public subnet's default route): nothing
		// outside the network routes to its private destination.
		a := Asymmetry{Kind: AsymmetryNoRoute, Component: back.Outcome.Component, Range: back.Outcome.Range}
		for _, st := range back.Path {
			e := &d.Edges[st.Edge]
			if d.Nodes[e.From].Kind == dataplane.NodeRouter {
				a.Component, a.Range = e.ViaObj, e.Range
				break
			}
		}
		return a, true
	}
	fm, rm := middleboxes(d, fwd.Path), middleboxes(d, back.Path)
	if sameSet(fm, rm) {
		if sameSet(ft, rt) {
			return Asymmetry{}, false
		}
		// Point at the reply's first route table: the one that sends the
		// replies into the other transit gateway.
		a := Asymmetry{Kind: AsymmetryTransitGateway}
		for _, st := range back.Path {
			e := &d.Edges[st.Edge]
			if d.Nodes[e.From].Kind == dataplane.NodeRouter {
				a.Component, a.Range = e.ViaObj, e.Range
				break
			}
		}
		return a, a.Component != nil
	}
	a := Asymmetry{Kind: AsymmetryMiddlebox}
	// Point where the missing appliance should have been put on the path:
	// the request's gateway route table when the request bypassed it, the
	// reply's first route table when the reply did.
	path := back.Path
	if len(fm) < len(rm) {
		path = fwd.Path
	}
	for _, st := range path {
		n := &d.Nodes[d.Edges[st.Edge].From]
		if n.Kind == dataplane.NodeGatewayRouter || n.Kind == dataplane.NodeRouter {
			a.Component, a.Range = d.Edges[st.Edge].ViaObj, n.Component.Base().Range
			if t, ok := d.Edges[st.Edge].ViaObj.(*model.RouteTable); ok {
				a.Range = t.Range
			}
			break
		}
	}
	return a, true
}

// middleboxes lists the appliances a path crosses: ENIs forwarding traffic
// not addressed to them, and Gateway Load Balancer endpoints.
func middleboxes(d *dataplane.Dataplane, path []symbolic.Step) []model.Object {
	var out []model.Object
	for _, st := range path {
		e := &d.Edges[st.Edge]
		from := &d.Nodes[e.From]
		switch {
		case from.Kind == dataplane.NodeGWLBEndpoint:
			out = append(out, from.Component)
		case from.Kind == dataplane.NodeENIIn && d.Nodes[e.To].Kind == dataplane.NodeRouter:
			out = append(out, from.Component)
		}
	}
	return out
}

func sameSet(a, b []model.Object) bool {
	if len(a) != len(b) {
		return false
	}
	in := map[model.Object]bool{}
	for _, x := range a {
		in[x] = true
	}
	for _, x := range b {
		if !in[x] {
			return false
		}
	}
	return true
}

func describeAsymmetry(an *analyzer.Analyzer, s *symbolic.Engine, a Asymmetry, fwd, back symbolic.Leaf) string {
	d := an.Dataplane()
	dest := "the destination"
	if a.Destination != nil {
		dest = model.Label(a.Destination)
	}
	for e, t := range d.Accept {
		if t == fwd.Node && e.SubnetOf() != nil {
			dest += " in subnet " + e.SubnetOf().Name
		}
	}
	replyTo := addressesText(an, s, back.Set, dataplane.FieldDst)
	switch a.Kind {
	case AsymmetryStateful:
		return fmt.Sprintf("requests from %s reach %s, but its replies to %s are routed to %s, which the requests did not cross: the replies leave with its address and the client drops them",
			a.Source, dest, replyTo, spaced(back.Outcome.Component))
	case AsymmetryNoRoute:
		return fmt.Sprintf("requests from %s reach %s, but its replies to %s have no way back: %s", a.Source, dest, replyTo, back.Outcome.Message)
	}
	if a.Kind == AsymmetryTransitGateway {
		return fmt.Sprintf("requests from %s to %s go through %s but their replies through %s: both arrive, but a stateful appliance or inspection on either path sees one direction only",
			a.Source, dest, gatewaysText(transitGateways(d, fwd.Path)), gatewaysText(transitGateways(d, back.Path)))
	}
	fm, rm := middleboxes(d, fwd.Path), middleboxes(d, back.Path)
	return fmt.Sprintf("requests from %s to %s cross %s but their replies cross %s: %s",
		a.Source, dest, appliancesText(fm), appliancesText(rm), bypassConsequence(fm, rm))
}

// bypassConsequence says what becomes of a flow whose directions cross
// different appliances: AWS Network Firewall "doesn't support asymmetric
// routing" — an endpoint that sees one direction of a flow drops it
// (https://docs.aws.amazon.com/network-firewall/latest/developerguide/asymmetric-routing.html);
// the appliances behind a Gateway Load Balancer, stateful firewalls as a
// rule, see one direction only.
func bypassConsequence(fm, rm []model.Object) string {
	var firewalls, gwlbs []string
	for _, o := range oneSideOnly(fm, rm) {
		switch ep := inspectionEndpointOf(o); {
		case ep == nil:
		case ep.Type == model.EndpointFirewall:
			firewalls = append(firewalls, applianceText(o))
		default:
			gwlbs = append(gwlbs, applianceText(o))
		}
	}
	switch {
	case len(firewalls) > 0:
		return fmt.Sprintf("%s sees one direction of the flow only, and Network Firewall drops traffic routed asymmetrically", strings.Join(firewalls, ", "))
	case len(gwlbs) > 0:
		return fmt.Sprintf("the appliances behind %s see one direction of the flow only: a stateful appliance drops it", strings.Join(gwlbs, ", "))
	}
	return "a stateful appliance sees one direction only"
}

// oneSideOnly lists the objects of a and of b that the other lacks, a's first.
func oneSideOnly(a, b []model.Object) []model.Object {
	var out []model.Object
	for _, pair := range [][2][]model.Object{{a, b}, {b, a}} {
		for _, o := range pair[0] {
			if !slices.Contains(pair[1], o) {
				out = append(out, o)
			}
		}
	}
	return out
}

// inspectionEndpointOf is the Gateway Load Balancer or firewall endpoint
// whose ENI o is, nil for another object.
func inspectionEndpointOf(o model.Object) *model.VPCEndpoint {
	e, ok := o.(*model.NetworkInterface)
	if !ok {
		return nil
	}
	ep := model.Target[*model.VPCEndpoint](e.Owner)
	if ep == nil || ep.Type != model.EndpointGatewayLB && ep.Type != model.EndpointFirewall {
		return nil
	}
	return ep
}

// appliancesText names the appliances a path crosses, endpoints by what
// stands behind them.
func appliancesText(os []model.Object) string {
	if len(os) == 0 {
		return "no appliance"
	}
	parts := make([]string, 0, len(os))
	for _, o := range os {
		parts = append(parts, applianceText(o))
	}
	return strings.Join(parts, ", ")
}

// applianceText names one appliance: an inspection endpoint as "the
// endpoint ep of network_firewall fw" or "the endpoint ep of
// load_balancer gwlb", anything else by its label.
func applianceText(o model.Object) string {
	ep := inspectionEndpointOf(o)
	if ep == nil {
		return model.Label(o)
	}
	if fw := model.Target[*model.Firewall](ep.Firewall); fw != nil {
		return fmt.Sprintf("the endpoint %s of %s", ep.Name, model.Label(fw))
	}
	if b := model.Target[*model.LoadBalancer](ep.LoadBalancer); b != nil {
		return fmt.Sprintf("the endpoint %s of %s", ep.Name, model.Label(b))
	}
	return model.Label(ep)
}

func gatewaysText(gs []model.Object) string {
	if len(gs) == 0 {
		return "no transit gateway"
	}
	return objectsText(gs)
}

func objectsText(os []model.Object) string {
	if len(os) == 0 {
		return "no appliance"
	}
	var parts []string
	for _, o := range os {
		parts = append(parts, model.Label(o))
	}
	return strings.Join(parts, ", ")
}

// addressesText summarises the addresses of one field of a set, briefly.
func addressesText(an *analyzer.Analyzer, s *symbolic.Engine, set symbolic.Set, f dataplane.Field) string {
	seen := map[string]bool{}
	var parts []string
	for _, fl := range s.Space().Flows(set) {
		ps := fl.Dst
		if f == dataplane.FieldSrc {
			ps = fl.Src
		}
		if len(ps) > 0 && an.IsInternetSpace(ps) {
			if !seen["the internet"] {
				seen["the internet"] = true
				parts = append(parts, "the internet")
			}
			continue
		}
		for _, p := range ps {
			t := s.Dataplane().DisplayPrefix(p)
			if !seen[t] {
				seen[t] = true
				parts = append(parts, t)
			}
		}
	}
	if len(parts) > 4 {
		return strings.Join(parts[:4], ", ") + fmt.Sprintf(" (+%d more)", len(parts)-4)
	}
	if len(parts) == 0 {
		return "any address"
	}
	return strings.Join(parts, ", ")
}

// spaced names an object as prose: "nat gateway nat-a".
func spaced(o model.Object) string {
	if o == nil {
		return "a gateway"
	}
	return o.Kind().Words() + " " + o.Base().Name
}

// pathText lists the hops of a branch, ending with where it ended.
func pathText(d *dataplane.Dataplane, l symbolic.Leaf) []string {
	var out []string
	for _, st := range l.Path {
		out = append(out, d.Edges[st.Edge].Via)
	}
	if l.At != dataplane.NoEdge {
		out = append(out, d.Edges[l.At].Via)
	}
	return append(out, string(l.Outcome.Code)+": "+l.Outcome.Message)
}
