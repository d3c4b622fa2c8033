package awsjson

import (
	"path/filepath"
	"regexp"
	"strings"

	"github.com/vpcheck/vpcheck/model"
)

// settleNames gives every object its name: the Name tag (or, for prefix
// lists and Direct Connect gateways, their own name) when it is unique among
// the objects of its kind in this snapshot, else the AWS id. On a collision
// every object of that name falls back to its id, so that no object takes the
// name by the accident of file order; the tag stays in Meta.Tags. A name that
// is another object's id is refused too, since selectors accept ids.
func (l *loader) settleNames() {
	for _, k := range model.Kinds {
		objs := l.net.OfKind(k)
		count := map[string]int{}
		ids := map[string]bool{}
		want := make([]string, len(objs))
		for i, o := range objs {
			m := o.Base()
			ids[m.AWSID] = true
			name := strings.TrimSpace(m.Tags["Name"])
			if name == "" {
				name = l.candidates[o]
			}
			want[i] = name
			if name != "" {
				count[name]++
			}
		}
		for i, o := range objs {
			m := o.Base()
			if name := want[i]; name != "" && count[name] == 1 && (!ids[name] || name == m.AWSID) {
				m.Name = name
			} else {
				m.Name = m.AWSID
			}
		}
	}
}

// layoutOf reads the account and region from a multi-account snapshot path:
// …/accounts/<account>/<region>/File.json.
func layoutOf(name string) (account, region string) {
	parts := strings.Split(filepath.ToSlash(name), "/")
	for i := len(parts) - 4; i >= 0; i-- {
		if parts[i] == "accounts" {
			return parts[i+1], parts[i+2]
		}
	}
	return "", ""
}

// regionPattern matches the region at the start of an availability zone or
// Local Zone name: us-east-2b, us-west-2-lax-1a, us-gov-west-1a, eu-central-1-wl1-ber-wlz-1.
var regionPattern = regexp.MustCompile(`^[a-z]{2}(-gov|-iso[a-z]?)?-[a-z]+-[0-9]+`)

// regionOfAZ returns the region an availability zone belongs to, or "".
func regionOfAZ(az string) string {
	return regionPattern.FindString(az)
}

// regionOfARN returns the region field of an ARN (arn:partition:service:region:account:…), or "".
func regionOfARN(arn string) string {
	parts := strings.SplitN(arn, ":", 6)
	if len(parts) < 6 || parts[0] != "arn" {
		return ""
	}
	return parts[3]
}

// noteRegion records a region seen in the directory of f.
func (l *loader) noteRegion(f *file, region string) {
	if region == "" {
		return
	}
	dir := filepath.Dir(f.Name)
	if l.regions[dir] == nil {
		l.regions[dir] = map[string]bool{}
	}
	l.regions[dir][region] = true
}

// regionOf returns the region of the objects of file f: the layout's, else
// the single region that the availability zones and ARNs of its directory
// show (describe-* calls are regional, so one directory is one region).
func (l *loader) regionOf(f *file) string {
	if f.region != "" {
		return f.region
	}
	seen := l.regions[filepath.Dir(f.Name)]
	if len(seen) != 1 {
		return ""
	}
	for r := range seen {
		return r
	}
	return ""
}

// settleRegions fills the region and account of VPCs and transit gateways
// that their own description does not give.
func (l *loader) settleRegions() {
	subnetRegion := map[string]string{}
	for _, s := range l.net.Subnets {
		if r := regionOfAZ(s.AZ); r != "" && subnetRegion[s.VPC.Key] == "" {
			subnetRegion[s.VPC.Key] = r
		}
	}
	for _, v := range l.net.VPCs {
		f := l.origin[v]
		if v.Account == "" && f != nil {
			v.Account = f.account
		}
		if v.Region != "" {
			continue
		}
		if f != nil && f.region != "" {
			v.Region = f.region
			continue
		}
		v.Region = subnetRegion[v.AWSID]
		if v.Region == "" && f != nil {
			v.Region = l.regionOf(f)
		}
	}
	for _, g := range l.net.TransitGateways {
		if g.Region == "" {
			if f := l.origin[g]; f != nil {
				g.Region = l.regionOf(f)
			}
		}
	}
	for _, p := range l.net.Peerings {
		f := l.origin[p]
		if f == nil {
			continue
		}
		if p.RequesterRegion == "" {
			p.RequesterRegion = l.regionOf(f)
		}
		if p.AccepterRegion == "" {
			p.AccepterRegion = l.regionOf(f)
		}
	}
}
