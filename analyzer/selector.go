package analyzer

import (
	"fmt"
	"net/netip"
	"sort"
	"strings"

	"github.com/agext/levenshtein"

	"github.com/vpcheck/vpcheck/analyzer/dataplane"
	"github.com/vpcheck/vpcheck/model"
)

// Endpoint is one side of a question: where packets start (for a source)
// or where they must arrive (for a destination), and with which addresses.
type Endpoint struct {
	// Label is what the user wrote, resolved: "instance web-1".
	Label string
	// Object is the selected object, nil for addresses and the internet.
	Object model.Object
	// Starts are the locations packets from this endpoint leave from, each
	// with the source addresses it sends with.
	Starts []Start
	// Addrs are the destination addresses that reach this endpoint, less Exclude.
	Addrs   []netip.Prefix
	Exclude []netip.Prefix
	// Terminals are the delivery points that count as arriving here; a
	// packet delivered anywhere else (leaving to the internet, say) has
	// not arrived.
	Terminals map[dataplane.NodeID]bool
	// Notes say what was assumed (hypothetical hosts, placeholder addresses).
	Notes []string
}

// Start is a location packets leave from, with their source addresses.
type Start struct {
	Node dataplane.NodeID
	// Src are the source addresses, less Exclude.
	Src     []netip.Prefix
	Exclude []netip.Prefix
	// Return is the terminal where replies to these packets arrive.
	Return dataplane.NodeID
}

// SelectorError is a selector the network cannot resolve: unknown, or
// ambiguous. It lists the candidates.
type SelectorError struct {
	Selector   string
	Problem    string
	Candidates []string
}

func (e *SelectorError) Error() string {
	s := fmt.Sprintf("selector %q: %s", e.Selector, e.Problem)
	if len(e.Candidates) > 0 {
		s += "; candidates: " + strings.Join(e.Candidates, ", ")
	}
	return s
}

// Select resolves a selector: a name, Terraform address or AWS id,
// kind:name, an IP address or CIDR block, "internet", or an on-prem site name.
func (a *Analyzer) Select(sel string) (*Endpoint, error) {
	d := a.d
	sel = strings.TrimSpace(sel)
	if sel == "" {
		return nil, &SelectorError{Selector: sel, Problem: "empty selector"}
	}
	if strings.EqualFold(sel, "internet") {
		return a.internetEndpoint(), nil
	}
	if p, err := netip.ParsePrefix(sel); err == nil {
		return a.addressEndpoint(sel, p.Masked()), nil
	}
	if addr, err := netip.ParseAddr(sel); err == nil {
		return a.addressEndpoint(sel, netip.PrefixFrom(addr.Unmap(), addr.Unmap().BitLen())), nil
	}
	kind, key := model.Kind(""), sel
	if k, rest, ok := strings.Cut(sel, ":"); ok && knownKind(k) {
		kind, key = kindOf(k), rest
	}
	found := d.Net.Lookup(kind, key)
	if len(found) == 0 {
		found = lookupLBByDNS(d.Net, kind, key)
	}
	// A name shared by an instance and its primary ENI means the instance;
	// a name shared by an endpoint-capable object and others that cannot
	// be a source or destination (a vpc and its internet gateway) means
	// the former. Any other clash, across kinds too, is ambiguous.
	found = preferEndpoints(preferInstances(found))
	switch len(found) {
	case 0:
		e := &SelectorError{Selector: sel, Problem: "nothing in the network has this name, id or address"}
		if s := a.suggestKind(sel); s != "" {
			e.Problem += fmt.Sprintf("; did you mean %q?", s)
		} else if s := a.suggest(kind, key); s != "" {
			if kind != "" {
				s = sel[:strings.IndexByte(sel, ':')+1] + s
			}
			e.Problem += fmt.Sprintf("; did you mean %q?", s)
		}
		return nil, e
	case 1:
	default:
		var cands []string
		for _, o := range found {
			cands = append(cands, string(o.Kind())+":"+o.Base().Name)
		}
		sort.Strings(cands)
		return nil, &SelectorError{Selector: sel, Problem: "ambiguous", Candidates: cands}
	}
	return a.objectEndpoint(found[0])
}

// kindOf is the kind a selector's kind: prefix names; "eni" is short for
// network_interface.
func kindOf(k string) model.Kind {
	switch k {
	case "eni":
		return model.KindNetworkInterface
	case "lb":
		return model.KindLoadBalancer
	}
	return model.Kind(k)
}

func knownKind(k string) bool {
	for _, x := range model.Kinds {
		if string(x) == k {
			return true
		}
	}
	return k == "eni" || k == "lb"
}

// preferInstances drops from the candidates the primary network interface
// of an instance that is a candidate too: the two are one host to the user
// (a snapshot's ENI often carries its instance's Name tag). Nothing else
// is dropped, so a subnet and an instance of one name stay ambiguous.
func preferInstances(found []model.Object) []model.Object {
	if len(found) < 2 {
		return found
	}
	primaries := map[*model.NetworkInterface]bool{}
	for _, o := range found {
		if i, ok := o.(*model.Instance); ok {
			if e := i.Primary(); e != nil {
				primaries[e] = true
			}
		}
	}
	if len(primaries) == 0 {
		return found
	}
	out := found[:0:0]
	for _, o := range found {
		if e, ok := o.(*model.NetworkInterface); !ok || !primaries[e] {
			out = append(out, o)
		}
	}
	return out
}

func (a *Analyzer) objectEndpoint(o model.Object) (*Endpoint, error) {
	d := a.d
	ep := &Endpoint{Label: model.Label(o), Object: o, Terminals: map[dataplane.NodeID]bool{}}
	switch o := o.(type) {
	case *model.Instance:
		for _, e := range model.Targets[*model.NetworkInterface](o.Interfaces) {
			a.addENI(ep, e, true)
		}
	case *model.NetworkInterface:
		a.addENI(ep, o, true)
	case *model.Subnet:
		a.addSubnet(ep, o)
	case *model.VPC:
		for _, s := range o.Subnets {
			a.addSubnet(ep, s)
		}
	case *model.OnPrem:
		id := d.OnPrem[o]
		var own []netip.Prefix
		for _, b := range o.CIDRs {
			own = append(own, b.Prefix)
		}
		ep.Starts = append(ep.Starts, Start{Node: id, Src: own, Return: d.SiteTerminal(id)})
		ep.Addrs = own
		ep.Terminals[d.SiteTerminal(id)] = true
	case *model.VPCEndpoint:
		if t, ok := d.Service[o]; ok {
			ep.Terminals[t] = true
			if pl := model.Target[*model.PrefixList](o.PrefixList); pl != nil {
				ep.Addrs = d.PrefixLists[pl]
			}
		}
		for _, e := range model.Targets[*model.NetworkInterface](o.Interfaces) {
			a.addENI(ep, e, false)
		}
	case *model.LoadBalancer:
		// A load balancer is reached at its nodes; it starts no connection
		// of its own a user would trace (its legs to targets follow a
		// trace that arrives on a listener).
		for _, e := range o.Nodes() {
			a.addENI(ep, e, false)
		}
	case *model.NATGateway:
		if a, ok := d.NATAddr[o]; ok {
			ep.Addrs = append(ep.Addrs, netip.PrefixFrom(a, a.BitLen()))
		}
		if a, ok := d.NATPublic[o]; ok {
			ep.Addrs = append(ep.Addrs, netip.PrefixFrom(a, a.BitLen()))
		}
		// A NAT gateway accepts no connection initiated towards it: no
		// packet arrives there (https://docs.aws.amazon.com/vpc/latest/userguide/nat-gateway-basics.html).
	default:
		return nil, &SelectorError{Selector: model.Label(o), Problem: fmt.Sprintf("a %s cannot be a source or destination; name an instance, network interface, subnet, vpc, endpoint, on-prem network, address or internet", o.Kind().Words())}
	}
	if len(ep.Starts) == 0 && len(ep.Addrs) == 0 {
		return nil, &SelectorError{Selector: model.Label(o), Problem: "it has no address in the network"}
	}
	return ep, nil
}

func (a *Analyzer) addENI(ep *Endpoint, e *model.NetworkInterface, source bool) {
	d := a.d
	out, ok := d.ENIOut[e]
	if !ok {
		return
	}
	addrs := dataplane.HostPrefixes(d.Addrs[e])
	if source {
		ep.Starts = append(ep.Starts, Start{Node: out, Src: addrs, Return: d.Accept[e]})
	}
	ep.Addrs = append(ep.Addrs, addrs...)
	if pub, ok := d.PublicAddr[e]; ok {
		ep.Addrs = append(ep.Addrs, netip.PrefixFrom(pub, 32))
		if why, ok := d.Assumed[pub]; ok {
			ep.Notes = append(ep.Notes, why)
		}
	}
	for _, a := range d.Addrs[e] {
		if why, ok := d.Assumed[a]; ok {
			ep.Notes = append(ep.Notes, why)
		}
	}
	ep.Terminals[d.Accept[e]] = true
}

// addSubnet selects a subnet: its hosts, and for its free addresses the
// subnet itself (packets arriving there count; a source with no host is a
// hypothetical host whose security groups allow everything).
func (a *Analyzer) addSubnet(ep *Endpoint, s *model.Subnet) {
	d := a.d
	hosts := 0
	for _, e := range s.Interfaces {
		if _, ok := d.ENIOut[e]; ok {
			// Managed interfaces (endpoints, load balancers) receive but
			// do not start connections: they are destinations only.
			host := e.Type == "" || e.Type == model.ENIInstance
			a.addENI(ep, e, host)
			if host {
				hosts++
			}
		}
	}
	ps := dataplane.SubnetPrefixes(s)
	ep.Addrs = append(ep.Addrs, ps...)
	if h, ok := d.Hypothetical[s]; ok && h.Public.IsValid() {
		// A public subnet's hypothetical host has a public IP, as an
		// instance launched there would.
		ep.Addrs = append(ep.Addrs, netip.PrefixFrom(h.Public, 32))
		if why, ok := d.Assumed[h.Public]; ok {
			ep.Notes = append(ep.Notes, why)
		}
	}
	if id, ok := d.Router[s]; ok && hosts == 0 {
		// The hypothetical host has one of the subnet's free addresses.
		var taken []netip.Addr
		for _, e := range s.Interfaces {
			taken = append(taken, d.Addrs[e]...)
		}
		for g, a := range d.NATAddr {
			if g.SubnetOf() == s {
				taken = append(taken, a)
			}
		}
		if h, ok := d.Hypothetical[s]; ok && h.Terminal >= 0 {
			// The public subnet's hypothetical host first: its replies are
			// delivered to it.
			ep.Starts = append(ep.Starts, Start{Node: id, Src: dataplane.HostPrefixes([]netip.Addr{h.Private}), Return: h.Terminal})
			taken = append(taken, h.Private)
		}
		sort.Slice(taken, func(i, j int) bool { return taken[i].Less(taken[j]) })
		ep.Starts = append(ep.Starts, Start{Node: id, Src: ps, Exclude: dataplane.HostPrefixes(taken), Return: d.NoHostTerminal(s)})
		ep.Notes = append(ep.Notes, fmt.Sprintf("subnet %s has no instance: packets are sent from a hypothetical host with no security group restriction", s.Name))
	}
	if t := d.NoHostTerminal(s); t >= 0 {
		ep.Terminals[t] = true
	}
	if h, ok := d.Hypothetical[s]; ok && h.Terminal >= 0 {
		ep.Terminals[h.Terminal] = true
	}
}

// privateSpace is what the internet is not: vpcheck takes the internet to
// be every address that is not private (RFC 1918, RFC 6598, loopback,
// link-local, unique local IPv6) nor a placeholder.
var privateSpace = []netip.Prefix{
	netip.MustParsePrefix("10.0.0.0/8"), netip.MustParsePrefix("172.16.0.0/12"),
	netip.MustParsePrefix("192.168.0.0/16"), netip.MustParsePrefix("100.64.0.0/10"),
	netip.MustParsePrefix("127.0.0.0/8"), netip.MustParsePrefix("169.254.0.0/16"),
	netip.MustParsePrefix("0.0.0.0/8"), dataplane.PlaceholderBlock,
	netip.MustParsePrefix("fc00::/7"), netip.MustParsePrefix("fe80::/10"), netip.MustParsePrefix("::1/128"),
}

// NotInternet is what vpcheck takes the internet not to be: private space,
// placeholders, the network's own public addresses and its VPCs' blocks.
func (a *Analyzer) NotInternet() []netip.Prefix { return notInternet(a.d) }

// notInternet is what the internet is not: private space, placeholders,
// the network's own public addresses and its VPCs' blocks (a packet from
// those comes from inside).
func notInternet(d *dataplane.Dataplane) []netip.Prefix {
	out := append([]netip.Prefix(nil), privateSpace...)
	var pubs []netip.Addr
	for _, a := range d.PublicAddr {
		pubs = append(pubs, a)
	}
	for _, a := range d.NATPublic {
		pubs = append(pubs, a)
	}
	sort.Slice(pubs, func(i, j int) bool { return pubs[i].Less(pubs[j]) })
	out = append(out, dataplane.HostPrefixes(pubs)...)
	// The network's own blocks (IPv6 ones are public addresses) are inside.
	for _, v := range d.Net.VPCs {
		out = append(out, v.Prefixes()...)
	}
	return out
}

func (a *Analyzer) internetEndpoint() *Endpoint {
	d := a.d
	not := notInternet(d)
	return &Endpoint{
		Label:     "internet",
		Starts:    []Start{{Node: d.Internet, Src: dataplane.AllAddresses, Exclude: not, Return: d.InternetTerminal()}},
		Addrs:     dataplane.AllAddresses,
		Exclude:   not,
		Terminals: map[dataplane.NodeID]bool{d.InternetTerminal(): true},
	}
}

// addressEndpoint selects an address or block: as a source, from the ENI
// that owns it, the subnet holding it, an on-prem site owning it, or else
// the internet; as a destination, wherever it is delivered.
func (a *Analyzer) addressEndpoint(sel string, p netip.Prefix) *Endpoint {
	d := a.d
	ep := &Endpoint{Label: p.String(), Addrs: []netip.Prefix{p}, Terminals: a.addressTerminals(p)}
	if p.IsSingleIP() {
		if o, ok := d.Owner[p.Addr()]; ok {
			if e, ok := o.(*model.NetworkInterface); ok {
				if out, ok := d.ENIOut[e]; ok && hasAddr(d.Addrs[e], p.Addr()) {
					ep.Label = fmt.Sprintf("%s (%s)", p.Addr(), model.Label(d.DisplayOf(e)))
					ep.Starts = []Start{{Node: out, Src: []netip.Prefix{p}, Return: d.Accept[e]}}
					return ep
				}
			}
		}
	}
	for _, s := range d.Net.Subnets {
		if id, ok := d.Router[s]; ok && (model.Covers(s.CIDR.Prefix, p) || (s.IPv6CIDR.Prefix.IsValid() && model.Covers(s.IPv6CIDR.Prefix, p))) {
			ep.Starts = []Start{{Node: id, Src: []netip.Prefix{p}, Return: d.NoHostTerminal(s)}}
			if h, ok := d.Hypothetical[s]; ok && h.Terminal >= 0 && p.Contains(h.Private) {
				// The public subnet's hypothetical host gets its replies.
				host := dataplane.HostPrefixes([]netip.Addr{h.Private})
				ep.Starts = []Start{{Node: id, Src: host, Return: h.Terminal}}
				if !p.IsSingleIP() {
					ep.Starts = append(ep.Starts, Start{Node: id, Src: []netip.Prefix{p}, Exclude: host, Return: d.NoHostTerminal(s)})
				}
			}
			ep.Notes = append(ep.Notes, fmt.Sprintf("%s is in subnet %s: packets are sent from a hypothetical host with no security group restriction", p, s.Name))
			return ep
		}
	}
	for _, o := range d.Net.OnPrem {
		for _, b := range o.CIDRs {
			if model.Covers(b.Prefix, p) {
				id := d.OnPrem[o]
				ep.Starts = []Start{{Node: id, Src: []netip.Prefix{p}, Return: d.SiteTerminal(id)}}
				return ep
			}
		}
	}
	ep.Starts = []Start{{Node: d.Internet, Src: []netip.Prefix{p}, Return: d.InternetTerminal()}}
	return ep
}

// addressTerminals is where packets to block p count as arriving: the ENIs
// holding an address of it (private or public), the on-prem sites and
// service prefix lists overlapping it, VPN destinations overlapping it, and
// the internet unless p is private space or the network's own.
func (a *Analyzer) addressTerminals(p netip.Prefix) map[dataplane.NodeID]bool {
	d := a.d
	t := map[dataplane.NodeID]bool{}
	for _, h := range d.Hypothetical {
		if h.Terminal >= 0 && (p.Contains(h.Private) || p.Contains(h.Public)) {
			t[h.Terminal] = true
		}
	}
	for e, acc := range d.Accept {
		for _, a := range d.Addrs[e] {
			if p.Contains(a) {
				t[acc] = true
			}
		}
		if pub, ok := d.PublicAddr[e]; ok && p.Contains(pub) {
			t[acc] = true
		}
	}
	for o, id := range d.OnPrem {
		for _, b := range o.CIDRs {
			if b.Prefix.Overlaps(p) {
				t[d.SiteTerminal(id)] = true
			}
		}
	}
	for ep, svc := range d.Service {
		if pl := model.Target[*model.PrefixList](ep.PrefixList); pl != nil {
			for _, b := range d.PrefixLists[pl] {
				if b.Overlaps(p) {
					t[svc] = true
				}
			}
		}
	}
	// The Amazon services every instance reaches (the DNS server, instance
	// metadata, Time Sync): compile_services.go.
	for _, v := range d.Net.VPCs {
		for id, blocks := range d.ServiceBlocks(v) {
			for _, b := range blocks {
				if b.Overlaps(p) {
					t[id] = true
				}
			}
		}
	}
	for id, b := range d.VPNStatic {
		if b.Overlaps(p) {
			t[id] = true
		}
	}
	covered := false
	for _, b := range notInternet(d) {
		if model.Covers(b, p) {
			covered = true
		}
	}
	if !covered {
		t[d.InternetTerminal()] = true
	}
	delete(t, -1)
	return t
}

func hasAddr(as []netip.Addr, a netip.Addr) bool {
	for _, x := range as {
		if x == a {
			return true
		}
	}
	return false
}

// endpointKinds are the kinds a selector can name as a source or destination.
var endpointKinds = []model.Kind{model.KindInstance, model.KindNetworkInterface, model.KindSubnet, model.KindVPC,
	model.KindOnPrem, model.KindVPCEndpoint, model.KindNATGateway}

func isEndpointKind(k model.Kind) bool {
	for _, x := range endpointKinds {
		if x == k {
			return true
		}
	}
	return false
}

func preferEndpoints(found []model.Object) []model.Object {
	var out []model.Object
	for _, o := range found {
		if isEndpointKind(o.Kind()) {
			out = append(out, o)
		}
	}
	if len(out) > 0 {
		return out
	}
	return found
}

// suggestKind corrects a misspelt kind in kind:name ("subnett:app-a"):
// the selector with the closest known kind whose key then names an object
// of that kind, or "" when there is none.
func (a *Analyzer) suggestKind(sel string) string {
	k, key, ok := strings.Cut(sel, ":")
	if !ok || k == "" || key == "" || knownKind(k) {
		return ""
	}
	best, bestDist := "", len(k)/3+2
	kinds := append([]string{"eni"}, kindNames()...)
	for _, cand := range kinds {
		if d := levenshtein.Distance(strings.ToLower(k), cand, nil); d < bestDist {
			best, bestDist = cand, d
		}
	}
	if best == "" {
		return ""
	}
	kind := kindOf(best)
	if len(a.d.Net.Lookup(kind, key)) == 0 {
		if s := a.d.Net.Suggest(kind, key); s != "" {
			return best + ":" + s
		}
		return ""
	}
	return best + ":" + key
}

func kindNames() []string {
	out := make([]string, len(model.Kinds))
	for i, k := range model.Kinds {
		out[i] = string(k)
	}
	return out
}

// suggest is the closest name to key among objects that can be endpoints
// (or of kind k when the selector names one).
func (a *Analyzer) suggest(k model.Kind, key string) string {
	d := a.d
	if k != "" {
		return d.Net.Suggest(k, key)
	}
	best := ""
	for _, kind := range endpointKinds {
		if s := d.Net.Suggest(kind, key); s != "" && (best == "" || levenshteinLess(key, s, best)) {
			best = s
		}
	}
	return best
}

func levenshteinLess(key, a, b string) bool {
	return levenshtein.Distance(key, a, nil) < levenshtein.Distance(key, b, nil)
}

// lookupLBByDNS finds a load balancer by its DNS name (any case, with or
// without a trailing dot).
func lookupLBByDNS(n *model.Network, kind model.Kind, key string) []model.Object {
	if kind != "" && kind != model.KindLoadBalancer {
		return nil
	}
	key = strings.TrimSuffix(key, ".")
	var out []model.Object
	for _, b := range n.LoadBalancers {
		if b.DNSName != "" && strings.EqualFold(b.DNSName, key) {
			out = append(out, b)
		}
	}
	return out
}
