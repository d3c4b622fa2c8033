package rules

import (
	"sort"
	"strings"

	"github.com/agext/levenshtein"
)

// registry is every rule, sorted by ID (a test keeps it so). Adding a rule
// means adding it here, with fixtures under testdata/<id>/ and its
// documentation in rules/docs/<id>.md (go test ./rules -update writes the
// published page docs/rules/<id>.md from it).
var registry = []*Rule{
	AsymmetricRouting,
	BlackholeRoute,
	CIDROverlap,
	CIDRSize,
	DefaultSGOpen,
	GatewayEndpointTransit,
	LBInternetFacingPrivateSubnets,
	LBNoTargetInZone,
	LBTargetUnreachable,
	NACLEphemeralGap,
	NACLRuleShadowed,
	NATGatewayCrossAZ,
	NATGatewayPlacement,
	NATIPv6,
	NonTransitivePeering,
	PMTUDBlackhole,
	Reachability,
	ReservedIP,
	RouteDeadEnd,
	RouteLimit,
	RoutingLoop,
	SGLimits,
	SGWorldExposed,
	SourceDestCheck,
	SubnetCapacity,
	SubnetOutsideVPC,
	TGWApplianceMode,
	TGWAttachmentAZ,
	UnusedIgnore,
	UnusedResource,
	VPCCIDRLimit,
	VPNCloudHubOverlap,
}

func init() { loadDocs(registry) }

// All returns every rule, sorted by ID.
func All() []*Rule {
	return append([]*Rule(nil), registry...)
}

// Lookup returns the rule with id, or nil.
func Lookup(id string) *Rule {
	i := sort.Search(len(registry), func(i int) bool { return registry[i].ID >= id })
	if i < len(registry) && registry[i].ID == id {
		return registry[i]
	}
	return nil
}

// Similar returns the IDs that look like id (a typo, a word of it), best
// first, for "did you mean" messages.
func Similar(id string) []string {
	type cand struct {
		id   string
		dist int
	}
	var cs []cand
	id = strings.ToLower(strings.TrimSpace(id))
	for _, r := range registry {
		d := levenshtein.Distance(id, r.ID, nil)
		switch {
		case d <= max(2, len(id)/3):
		case id != "" && (strings.Contains(r.ID, id) || strings.Contains(id, r.ID)):
			d = len(r.ID)
		default:
			continue
		}
		cs = append(cs, cand{r.ID, d})
	}
	sort.SliceStable(cs, func(i, j int) bool {
		if cs[i].dist != cs[j].dist {
			return cs[i].dist < cs[j].dist
		}
		return cs[i].id < cs[j].id
	})
	out := make([]string, 0, len(cs))
	for _, c := range cs {
		out = append(out, c.id)
	}
	return out
}
