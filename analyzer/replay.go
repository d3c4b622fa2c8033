package analyzer

import (
	"encoding/binary"
	"fmt"
	"io"
	"math/bits"
	"net/netip"
	"slices"
	"sort"

	"github.com/hashicorp/hcl/v2"

	"github.com/vpcheck/vpcheck/analyzer/dataplane"
	"github.com/vpcheck/vpcheck/analyzer/fastpath"
	"github.com/vpcheck/vpcheck/analyzer/packet"
	"github.com/vpcheck/vpcheck/model"
	"github.com/vpcheck/vpcheck/model/load/flowlog"
)

// Flow-log replay answers "would this network still carry the traffic we
// have?": every flow an AWS VPC Flow Log recorded as accepted is pushed,
// request and reply, through the fast path of the network as it is now
// described, and the flows it would drop are reported with what drops them.
// Package flowlog reads the records (the file format); this file says what
// they mean.
//
// How a record becomes a flow to replay (docs/trace.md says it for users):
//
//   - A record is logged at one ENI for traffic in one direction; both a
//     connection's request and its reply are logged, at each end's ENI.
//     The replay turns every record into its connection's request — client
//     to server — and checks that the request arrives and its reply comes
//     back. Which end is the client: from tcp-flags when the format has them
//     (SYN without SYN-ACK is the request, SYN-ACK the reply); else the end
//     with a port in the ephemeral range 32768–65535 when only one has one
//     (Linux clients use 32768–60999, Windows 49152–65535); else the lower
//     port is the server's. When that is still a guess (both ports
//     ephemeral or both not, or a protocol without ports: ICMP echo
//     replies are logged too), the record passes if either reading of it
//     does.
//   - pkt-srcaddr and pkt-dstaddr, when present, are the packet's original
//     addresses and are used instead of srcaddr and dstaddr (at a NAT
//     gateway's ENI srcaddr is the gateway's own address).
//   - The client sends from the ENI that owns its address; from the ENI
//     whose public IP it is, with the ENI's private address; from the
//     on-premises site whose block holds it; from a subnet that holds it
//     (a host the inputs do not describe, as if without a security group);
//     else, for public addresses, from the internet. A private address the
//     inputs do not place is not replayed (counted as unmapped).
//   - An ENI logs its own private address even for traffic that reached
//     it through its public IP, so a request from the internet goes to the
//     server's public IP.
//   - Records whose client or server is a NAT gateway's own address are
//     the gateway's side of a translated flow; the flow is replayed from
//     its client's records instead, and these are counted as NAT legs.
//   - NODATA and SKIPDATA records are counted; REJECT records are counted
//     and not replayed (the traffic did not flow).

// Replayer replays flow log records on a data plane. It is not safe for
// concurrent use.
type Replayer struct {
	d    *dataplane.Dataplane
	fast *fastpath.Engine
	// Where addresses are: who owns each address (IPv4 addresses by their
	// number, the others by address), which subnet and which on-premises
	// site holds each block.
	hosts4 map[uint32]replayHost
	hosts6 map[netip.Addr]replayHost
	// byInterface finds the ENI that logged a record by its AWS id or name;
	// shared says whether some private address belongs to several ENIs (VPCs
	// with overlapping blocks), when the logging ENI tells them apart.
	byInterface map[string]*model.NetworkInterface
	shared      bool
	// sharedAddrs lists the ENIs of each address several ENIs have.
	sharedAddrs map[netip.Addr][]*model.NetworkInterface
	subnets     dataplane.Table
	subnetOf    []*model.Subnet
	sites       dataplane.Table
	siteOf      []*model.OnPrem
	// siteStart and siteReturn are each site's node and the terminal its
	// replies arrive at; internetReturn the internet's.
	siteStart, siteReturn []dataplane.NodeID
	internetReturn        dataplane.NodeID

	stats  ReplayStats
	drops  map[dropKey]*dropGroup
	unmaps map[string]*Unmapped
	// cache holds the verdicts of recent flows (see Replay); misses
	// counts the flows judged since it last grew.
	cache  []verdict
	misses int
	// portBounds are the client port boundaries (see portClass).
	portBounds []uint32
}

// replayHost is what an address is in the network.
type replayHost struct {
	eni *model.NetworkInterface
	// public: the address is the ENI's public IP.
	public bool
	// nat: the address is a NAT gateway's own.
	nat bool
	// The ENI's nodes, looked up once: where it sends from (out), its
	// terminal (accept) and where its replies start (replyFrom).
	out, accept, replyFrom dataplane.NodeID
	// priv is the ENI's first private IPv4 address (what it sends a public
	// IP's traffic from; invalid when none), pub its public IP (invalid
	// when none).
	priv, pub netip.Addr
}

// hostFor is the host of ENI e's address, its public IP when public.
func (r *Replayer) hostFor(e *model.NetworkInterface, public bool) replayHost {
	d := r.d
	h := replayHost{eni: e, public: public, out: d.ENIOut[e], accept: d.Accept[e], replyFrom: -1,
		priv: dataplane.FirstV4(d.Addrs[e]), pub: d.PublicAddr[e]}
	if acc, ok := d.Accept[e]; ok {
		h.replyFrom = d.Nodes[acc].ReplyFrom
	}
	return h
}

// host is what address a is, by address alone.
func (r *Replayer) host(a netip.Addr) replayHost {
	if a.Is4() {
		return r.hosts4[dataplane.U32(a)]
	}
	return r.hosts6[a]
}

func (r *Replayer) setHost(a netip.Addr, h replayHost) {
	if a.Is4() {
		r.hosts4[dataplane.U32(a)] = h
	} else {
		r.hosts6[a] = h
	}
}

func (r *Replayer) hasHost(a netip.Addr) (replayHost, bool) {
	if a.Is4() {
		h, ok := r.hosts4[dataplane.U32(a)]
		return h, ok
	}
	h, ok := r.hosts6[a]
	return h, ok
}

// ReplayStats counts records by what became of them.
type ReplayStats struct {
	Records  int `json:"records"`
	NoData   int `json:"nodata"`
	SkipData int `json:"skipdata"`
	Rejected int `json:"rejected"`
	// NATLegs are records of a NAT gateway's own side of a flow.
	NATLegs  int `json:"nat_legs"`
	Unmapped int `json:"unmapped"`
	Replayed int `json:"replayed"`
	Passing  int `json:"passing"`
	Dropped  int `json:"dropped"`
}

// DroppedFlow is a group of records whose flow the network would drop, by
// client, server, protocol, server port and what drops it.
type DroppedFlow struct {
	Client, Server netip.Addr
	Proto          uint8
	ServerPort     uint16
	// Reply: the request arrives, its reply is dropped.
	Reply       bool
	Disposition dataplane.Disposition
	Outcome     dataplane.Outcome
	Records     int
	// Interface is the interface-id of the first record of the group and
	// ClientPort its client's port (the port replies go to, which network
	// ACLs judge).
	Interface  string
	ClientPort uint16
}

// Unmapped counts records vpcheck could not place, by reason.
type Unmapped struct {
	Reason  string
	Records int
	// Example is one such record's addresses.
	Example string
}

type dropKey struct {
	client, server netip.Addr
	proto          uint8
	port           uint16
	reply          bool
	node           dataplane.NodeID
	code           dataplane.Code
	filter         *dataplane.Filter
	rule           int
}

// NewReplayer prepares replays on the analyzer's data plane, on its fast path.
func (a *Analyzer) NewReplayer() *Replayer {
	d := a.d
	r := &Replayer{d: d, hosts4: map[uint32]replayHost{}, hosts6: map[netip.Addr]replayHost{}, byInterface: map[string]*model.NetworkInterface{},
		sharedAddrs: map[netip.Addr][]*model.NetworkInterface{},
		drops:       map[dropKey]*dropGroup{}, unmaps: map[string]*Unmapped{}, cache: make([]verdict, replayCacheMin)}
	for _, e := range d.Net.Interfaces {
		if _, ok := d.ENIOut[e]; !ok {
			continue
		}
		for _, id := range []string{e.AWSID, e.Name} {
			if id != "" {
				r.byInterface[id] = e
			}
		}
		for _, a := range d.Addrs[e] {
			if h, ok := r.hasHost(a); ok && h.eni != e {
				r.shared = true
				if len(r.sharedAddrs[a]) == 0 {
					r.sharedAddrs[a] = []*model.NetworkInterface{h.eni}
				}
				r.sharedAddrs[a] = append(r.sharedAddrs[a], e)
				continue
			}
			r.setHost(a, r.hostFor(e, false))
		}
		if a, ok := d.PublicAddr[e]; ok {
			r.setHost(a, r.hostFor(e, true))
		}
	}
	for _, a := range d.NATAddr {
		r.setHost(a, replayHost{nat: true})
	}
	for _, a := range d.NATPublic {
		r.setHost(a, replayHost{nat: true})
	}
	for _, s := range d.Net.Subnets {
		if _, ok := d.Router[s]; !ok {
			continue
		}
		for _, p := range dataplane.SubnetPrefixes(s) {
			r.subnets.Add(p, dataplane.EdgeID(len(r.subnetOf)))
		}
		r.subnetOf = append(r.subnetOf, s)
	}
	r.subnets.Freeze()
	for _, o := range d.Net.OnPrem {
		id, ok := d.OnPrem[o]
		if !ok {
			continue
		}
		for _, b := range o.CIDRs {
			r.sites.Add(b.Prefix, dataplane.EdgeID(len(r.siteOf)))
		}
		r.siteOf = append(r.siteOf, o)
		r.siteStart = append(r.siteStart, id)
		r.siteReturn = append(r.siteReturn, d.SiteTerminal(id))
	}
	r.sites.Freeze()
	r.internetReturn = d.InternetTerminal()
	r.portBounds = portBoundaries(d)
	r.fast = a.FastPath()
	return r
}

// Stats returns the counts so far.
func (r *Replayer) Stats() ReplayStats { return r.stats }

// Drops returns the dropped flows, most records first.
func (r *Replayer) Drops() []DroppedFlow {
	out := make([]DroppedFlow, 0, len(r.drops))
	for _, g := range r.drops {
		if g.res != nil {
			o := g.res.Explained()
			g.flow.Outcome, g.flow.Disposition = o, dataplane.DispositionOf(o.Code, r.d.Nodes[g.res.Node].Kind)
			g.res = nil
		}
		out = append(out, g.flow)
	}
	sort.Slice(out, func(i, j int) bool {
		a, b := &out[i], &out[j]
		if a.Records != b.Records {
			return a.Records > b.Records
		}
		if a.Client != b.Client {
			return a.Client.Less(b.Client)
		}
		if a.Server != b.Server {
			return a.Server.Less(b.Server)
		}
		if a.Proto != b.Proto {
			return a.Proto < b.Proto
		}
		if a.ServerPort != b.ServerPort {
			return a.ServerPort < b.ServerPort
		}
		if a.Reply != b.Reply {
			return !a.Reply
		}
		return a.Outcome.Message < b.Outcome.Message
	})
	return out
}

// Unmapped returns the records that could not be placed, by reason.
func (r *Replayer) Unmapped() []Unmapped {
	out := make([]Unmapped, 0, len(r.unmaps))
	for _, u := range r.unmaps {
		out = append(out, *u)
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].Records != out[j].Records {
			return out[i].Records > out[j].Records
		}
		return out[i].Reason < out[j].Reason
	})
	return out
}

// ReadFrom reads flow log records from rd (gzip-compressed or not, see
// package flowlog) and replays each. name is the file name diagnostics
// cite. Malformed records are diagnostics (the first few), and the rest of
// the file is still read.
func (r *Replayer) ReadFrom(name string, rd io.Reader) (hcl.Diagnostics, error) {
	return flowlog.Read(name, rd, r.Replay)
}

// Replay replays one record.
func (r *Replayer) Replay(rec *flowlog.Record) {
	r.stats.Records++
	switch {
	case rec.Status == flowlog.StatusNoData:
		r.stats.NoData++
		return
	case rec.Status == flowlog.StatusSkipData:
		r.stats.SkipData++
		return
	case rec.Action == flowlog.ActionReject:
		r.stats.Rejected++
		return
	case rec.Action != flowlog.ActionAccept:
		r.stats.Unmapped++
		r.unmapped(rec, "a record with no action")
		return
	}
	src, dst := rec.Src, rec.Dst
	if rec.PktSrc.IsValid() {
		src = rec.PktSrc
	}
	if rec.PktDst.IsValid() {
		dst = rec.PktDst
	}
	if src.Is4() != dst.Is4() {
		r.stats.Unmapped++
		r.unmapped(rec, "source and destination of different IP versions")
		return
	}
	// The record as its connection's request (src is the client), or as
	// the reply; sure says whether the other reading is ruled out.
	reply, sure := flowOrientation(rec.Proto, rec.SrcPort, rec.DstPort, rec.TCPFlags)
	first := packet.Packet{Proto: rec.Proto, Src: src, Dst: dst, SrcPort: rec.SrcPort, DstPort: rec.DstPort}
	if reply {
		first.Src, first.Dst, first.SrcPort, first.DstPort = dst, src, rec.DstPort, rec.SrcPort
	}
	if model.Protocol(first.Proto).IsICMP() {
		first.ICMPType = packet.ICMPEchoRequest
		if first.Proto == uint8(model.ProtoICMPv6) {
			first.ICMPType = packet.ICMPv6EchoRequest
		}
		first.SrcPort, first.DstPort = 0, 0
	}
	// A connection is logged several times (request and reply, at each
	// end's ENI), and a client opens many connections to a server's port
	// from ports the network treats alike: the verdict of each recent flow
	// is kept, by client port class when the orientation is sure.
	k := flowKey{src: first.Src.As16(), dst: first.Dst.As16(), srcPort: first.SrcPort, dstPort: first.DstPort, proto: first.Proto, sure: sure, v6: first.Src.Is6()}
	if sure {
		k.srcPort = r.portClass(first.SrcPort)
	}
	if r.shared {
		// An address several ENIs have is the logging ENI's when it has it.
		logger := r.byInterface[string(rec.Interface)]
		k.client, k.server = r.hostOf(first.Src, logger).eni, r.hostOf(first.Dst, logger).eni
	}
	// The cache is two-way: a flow's verdict is in the first or the second
	// entry of its pair, the most recently used first.
	set := k.hash() & uint32(len(r.cache)-1) &^ 1
	c, c2 := &r.cache[set], &r.cache[set+1]
	switch {
	case c.valid && c.key == k:
		c.count()
	case c2.valid && c2.key == k:
		*c, *c2 = *c2, *c
		c.count()
	default:
		*c2 = *c
		*c = r.judge(rec, first, sure, k.client, k.server)
		c.key, c.valid = k, true
		// A log of many flows grows the cache.
		if r.misses++; r.misses > len(r.cache)/2 && len(r.cache) < replayCacheMax {
			v := *c
			r.growCache()
			c = &v
		}
	}
	switch {
	case c.natLeg:
		r.stats.NATLegs++
	case c.unmapped != nil:
		r.stats.Unmapped++
	case c.drop != nil:
		r.stats.Replayed++
		r.stats.Dropped++
	default:
		r.stats.Replayed++
		r.stats.Passing++
	}
}

// growCache makes the cache four times larger, keeping what it holds.
func (r *Replayer) growCache() {
	old := r.cache
	r.cache, r.misses = make([]verdict, 4*len(old)), 0
	// Second entries first, so that a pair's first stays first.
	for way := 1; way >= 0; way-- {
		for i := way; i < len(old); i += 2 {
			if c := &old[i]; c.valid {
				set := c.key.hash() & uint32(len(r.cache)-1) &^ 1
				r.cache[set+1] = r.cache[set]
				r.cache[set] = *c
			}
		}
	}
}

// count counts one more record of a cached verdict in its group.
func (v *verdict) count() {
	switch {
	case v.unmapped != nil:
		v.unmapped.Records++
	case v.drop != nil:
		v.drop.Records++
	}
}

// portClass is the class of a client port: the number of port boundaries
// at or below it. Two client ports of one class meet the same fate — the
// fast path looks at a request's source port only through network ACL
// rules on its reply (whose destination port it is) and through a NAT
// gateway's choice of port — so a flow's verdict holds for the class.
func (r *Replayer) portClass(p uint16) uint16 {
	b := r.portBounds
	lo, hi := 0, len(b)
	for lo < hi {
		mid := int(uint(lo+hi) >> 1)
		if b[mid] <= uint32(p) {
			lo = mid + 1
		} else {
			hi = mid
		}
	}
	return uint16(lo)
}

// portBoundaries are the ports where a client port's class changes: the
// ends of every network ACL rule's port range, and the ports a NAT gateway
// translates onto them (a port outside its range [F, T] becomes
// F + port mod (T-F+1)).
func portBoundaries(d *dataplane.Dataplane) []uint32 {
	set := map[uint32]bool{0: true}
	var nats []model.PortRange
	seen := map[*dataplane.Filter]bool{}
	for i := range d.Edges {
		e := &d.Edges[i]
		if e.Xform.Kind == dataplane.XformSNAT {
			nats = append(nats, e.Xform.Ports)
		}
		for _, f := range e.Filters {
			if seen[f] || !f.FirstMatch {
				continue
			}
			seen[f] = true
			for _, rl := range f.Rules {
				if rl.Proto == model.ProtoAll || rl.Proto.HasPorts() {
					set[uint32(rl.Ports.From)] = true
					set[uint32(rl.Ports.To)+1] = true
				}
			}
		}
	}
	base := make([]uint32, 0, len(set))
	for b := range set {
		base = append(base, b)
	}
	for _, n := range nats {
		from, size := uint32(n.From), uint32(n.To)-uint32(n.From)+1
		set[from], set[uint32(n.To)+1] = true, true
		for _, b := range append(base, from) {
			if b < from || b > uint32(n.To) {
				continue
			}
			for p := b - from; p <= 65535; p += size {
				if p < from || p > uint32(n.To) {
					set[p] = true
				}
			}
		}
	}
	out := make([]uint32, 0, len(set))
	for b := range set {
		if b <= 65535 {
			out = append(out, b)
		}
	}
	slices.Sort(out)
	return out
}

// replayCacheMin and replayCacheMax bound the number of recent flows
// whose verdict is kept (80 bytes each): a log of more flows than half of
// 2^16 grows it, up to 2^18 (20 MB), which holds the flows a 2,000-VPC
// network's log repeats (2^16 replayed about two in five of them again;
// BenchmarkReplay).
const (
	replayCacheMin = 1 << 16
	replayCacheMax = 1 << 18
)

// flowKey is a flow as replayed: the request and whether its orientation is
// sure; addresses in their 16-byte form.
type flowKey struct {
	src, dst         [16]byte
	srcPort, dstPort uint16
	proto            uint8
	sure             bool
	// v6: the addresses are IPv6 ones (an IPv4-mapped one included).
	v6 bool
	// client and server are the ENIs the addresses were found to be, when
	// addresses are shared (nil: found by address alone).
	client, server *model.NetworkInterface
}

func (k *flowKey) hash() uint32 {
	h := uint64(k.srcPort)<<16 ^ uint64(k.dstPort) ^ uint64(k.proto)<<8
	for _, b := range [...]*[16]byte{&k.src, &k.dst} {
		h = mix(h ^ binary.LittleEndian.Uint64(b[:8]))
		h = mix(h ^ binary.LittleEndian.Uint64(b[8:]))
	}
	// The high bits, which every input bit reaches, onto the low ones the
	// cache indexes with.
	h ^= h >> 32
	h *= 0x9e3779b97f4a7c15
	return uint32(h >> 32)
}

// mix multiplies x by an odd constant, then turns the result's high bits
// (which every bit of x reaches) round to the low end for the next step.
func mix(x uint64) uint64 {
	return bits.RotateLeft64(x*0x9e3779b97f4a7c15, 32)
}

// verdict is what became of a flow: it passes (none set), it is a NAT
// gateway's leg, it is dropped (counted in drop) or it could not be placed
// (in unmapped).
type verdict struct {
	key      flowKey
	valid    bool
	natLeg   bool
	drop     *DroppedFlow
	unmapped *Unmapped
}

// judge replays the flow first (and, when its orientation is a guess, the
// other reading) and records the outcome.
func (r *Replayer) judge(rec *flowlog.Record, first packet.Packet, sure bool, clientENI, serverENI *model.NetworkInterface) verdict {
	client, server := r.host(first.Src), r.host(first.Dst)
	if client.nat || server.nat {
		return verdict{natLeg: true}
	}
	if clientENI != nil {
		client = r.hostOf(first.Src, clientENI)
	}
	if serverENI != nil {
		server = r.hostOf(first.Dst, serverENI)
	}
	out, reason := r.replayFlow(first, client, server)
	if reason != "" {
		return verdict{unmapped: r.unmapped(rec, reason)}
	}
	if out.ok {
		return verdict{}
	}
	if !sure {
		second := packet.Packet{Proto: first.Proto, Src: first.Dst, Dst: first.Src, SrcPort: first.DstPort, DstPort: first.SrcPort, ICMPType: first.ICMPType}
		if other, reason := r.replayFlow(second, server, client); reason == "" && other.ok {
			return verdict{}
		}
	}
	return verdict{drop: r.drop(rec, first, out)}
}

// flowOrientation says whether a record is its connection's reply rather
// than its request, and whether that is sure.
func flowOrientation(proto uint8, srcPort, dstPort uint16, flags int) (reply, sure bool) {
	if proto != uint8(model.ProtoTCP) && proto != uint8(model.ProtoUDP) {
		return false, false
	}
	// tcp-flags is the OR of the flags seen in the interval; AWS records
	// FIN 1, SYN 2, RST 4 and SYN-ACK 18 (so bit 16 marks a SYN-ACK).
	if proto == uint8(model.ProtoTCP) && flags >= 0 {
		switch {
		case flags&16 != 0:
			return true, true
		case flags&2 != 0:
			return false, true
		}
	}
	srcEph, dstEph := srcPort >= 32768, dstPort >= 32768
	switch {
	case srcEph && !dstEph:
		return false, true
	case dstEph && !srcEph:
		return true, true
	}
	// The lower port is more likely the server's.
	return srcPort < dstPort, false
}

// flowResult is a replayed flow's outcome: ok, or where it failed.
type flowResult struct {
	ok    bool
	reply bool
	res   fastpath.Result
}

// replayFlow replays a request and its reply; reason says why it could
// not be placed.
func (r *Replayer) replayFlow(p packet.Packet, client, server replayHost) (flowResult, string) {
	d := r.d
	start, ret, src, reason := r.client(p.Src, client)
	if reason != "" {
		return flowResult{}, reason
	}
	p.Src = src
	if start == d.Internet && server.eni != nil && !server.public {
		// Logged at the server's ENI with its private address; from the
		// internet it was sent to the public one.
		if !server.pub.IsValid() {
			return flowResult{}, "a flow from the internet to a private address of an ENI without a public IP"
		}
		p.Dst = server.pub
	}
	var sess fastpath.Sessions
	fwd := r.fast.Forward(start, p, &sess, false)
	from := dataplane.NodeID(-1)
	switch {
	case fwd.Delivered:
		if server.eni != nil && !r.arrivedAt(fwd.Node, p.Dst, server) {
			fwd.Outcome = dataplane.Outcome{Code: dataplane.CodeNoRoute, Component: server.eni, Range: server.eni.Range,
				Message: fmt.Sprintf("the packet does not reach %s: %s", model.Label(d.DisplayOf(server.eni)), fwd.Explained().Message)}
			fwd.DeniedBy = nil
			return flowResult{res: fwd}, ""
		}
		from = server.replyFrom
		if server.eni == nil || fwd.Node != server.accept {
			from = d.Nodes[fwd.Node].ReplyFrom
		}
	case fwd.Outcome.Code == dataplane.CodeNoHost && server.eni == nil:
		// A host the inputs do not describe: it answers from its subnet,
		// as if without a security group.
		if s := r.subnetAt(p.Dst); s != nil && fwd.Node == d.NoHost[s] {
			from = d.Router[s]
		}
	}
	if from < 0 {
		if fwd.Delivered || (fwd.Outcome.Code == dataplane.CodeNoHost && server.eni == nil) {
			return flowResult{ok: true}, ""
		}
		return flowResult{res: fwd}, ""
	}
	back := r.fast.Reply(from, fwd.Final.Reply(), &sess, false)
	if back.Node != ret {
		return flowResult{reply: true, res: back}, ""
	}
	// The client takes only a reply from the address and port it sent to.
	if want := p.Reply(); back.Final.Src != want.Src || back.Final.Dst != want.Dst || back.Final.SrcPort != want.SrcPort || back.Final.DstPort != want.DstPort {
		back.Outcome = dataplane.Outcome{Code: dataplane.CodeAsymmetric, Message: fmt.Sprintf("the reply reaches the client from %s, not from %s, the address it sent to",
			d.DisplayAddr(back.Final.Src), d.DisplayAddr(want.Src))}
		back.DeniedBy = nil
		return flowResult{reply: true, res: back}, ""
	}
	return flowResult{ok: true}, ""
}

// client finds where a client address sends from: its start node, the
// node its replies end at, and the address it sends with.
func (r *Replayer) client(a netip.Addr, h replayHost) (dataplane.NodeID, dataplane.NodeID, netip.Addr, string) {
	d := r.d
	if h.eni != nil {
		if h.public {
			// Sent from the private address; the internet gateway translates it.
			if !h.priv.IsValid() {
				return 0, 0, a, "a public IP of an ENI without a private IPv4 address"
			}
			return h.out, h.accept, h.priv, ""
		}
		return h.out, h.accept, a, ""
	}
	if e := r.sites.Lookup(a); e != dataplane.NoEdge {
		return r.siteStart[e], r.siteReturn[e], a, ""
	}
	if s := r.subnetAt(a); s != nil {
		return d.Router[s], d.NoHost[s], a, ""
	}
	if inAnyPrefix(privateSpace, a) {
		return 0, 0, a, "a private address in no subnet or on-premises network of the inputs"
	}
	return d.Internet, r.internetReturn, a, ""
}

// hostOf is what address a is: the logging ENI's own address or public
// IP when it is one; else, of the ENIs that have it, the one in the
// logging ENI's VPC (the first when none is); else whatever has it.
func (r *Replayer) hostOf(a netip.Addr, logger *model.NetworkInterface) replayHost {
	if logger != nil {
		if pub, ok := r.d.PublicAddr[logger]; ok && pub == a {
			return r.hostFor(logger, true)
		}
		if hasAddr(r.d.Addrs[logger], a) {
			return r.hostFor(logger, false)
		}
	}
	if cands := r.sharedAddrs[a]; len(cands) > 0 {
		pick := cands[0]
		if logger != nil {
			for _, c := range cands {
				if dataplane.VPCOf(c) == dataplane.VPCOf(logger) {
					pick = c
					break
				}
			}
		}
		return r.hostFor(pick, false)
	}
	return r.host(a)
}

// arrivedAt reports whether a packet delivered at terminal t reached the
// server: the server's ENI, or, for an address several ENIs have and the
// logs do not pin, any of them.
func (r *Replayer) arrivedAt(t dataplane.NodeID, dst netip.Addr, server replayHost) bool {
	if t == server.accept {
		return true
	}
	for _, c := range r.sharedAddrs[dst] {
		if t == r.d.Accept[c] {
			return true
		}
	}
	return false
}

func (r *Replayer) subnetAt(a netip.Addr) *model.Subnet {
	if e := r.subnets.Lookup(a); e != dataplane.NoEdge {
		return r.subnetOf[e]
	}
	return nil
}

// unmapped counts a record that could not be placed, and returns its reason's count.
func (r *Replayer) unmapped(rec *flowlog.Record, reason string) *Unmapped {
	u, ok := r.unmaps[reason]
	if !ok {
		u = &Unmapped{Reason: reason, Example: fmt.Sprintf("%s %s -> %s", rec.Interface, rec.Src, rec.Dst)}
		r.unmaps[reason] = u
	}
	u.Records++
	return u
}

// dropGroup is a group of dropped flows; res is the first one's result
// until Drops explains it (a report reads the outcomes of the groups, not
// of every flow, so that describing a drop costs nothing while replaying).
type dropGroup struct {
	flow DroppedFlow
	res  *fastpath.Result
}

// drop counts a dropped flow in its group, and returns the group.
func (r *Replayer) drop(rec *flowlog.Record, p packet.Packet, out flowResult) *DroppedFlow {
	k := dropKey{client: p.Src, server: p.Dst, proto: p.Proto, port: p.DstPort, reply: out.reply,
		node: out.res.Node, code: out.res.Outcome.Code, filter: out.res.DeniedBy, rule: out.res.DenyRule}
	if g, ok := r.drops[k]; ok {
		g.flow.Records++
		return &g.flow
	}
	res := out.res
	g := &dropGroup{flow: DroppedFlow{Client: p.Src, Server: p.Dst, Proto: p.Proto, ServerPort: p.DstPort, Reply: out.reply,
		Records: 1, Interface: string(rec.Interface), ClientPort: p.SrcPort}, res: &res}
	r.drops[k] = g
	return &g.flow
}
