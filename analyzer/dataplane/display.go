package dataplane

import (
	"net/netip"

	"github.com/vpcheck/vpcheck/model"
)

// DisplayOf is the object users know an ENI as: its instance when it is
// the instance's primary interface, else the ENI itself.
func (d *Dataplane) DisplayOf(e *model.NetworkInterface) model.Object {
	if inst := model.Target[*model.Instance](e.Instance); inst != nil && e.DeviceIndex == 0 {
		return inst
	}
	if b := model.LoadBalancerOf(e); b != nil {
		return b
	}
	return e
}

// DisplayAddr renders an address, naming what a placeholder stands for.
func (d *Dataplane) DisplayAddr(a netip.Addr) string {
	if PlaceholderBlock.Contains(a) {
		if o, ok := d.Owner[a]; ok {
			if o.Kind() == model.KindPrefixList {
				return "<" + o.Base().Name + ">"
			}
			return "<public IP of " + model.Label(o) + ">"
		}
	}
	return a.String()
}

// DisplayPrefix renders a block, naming placeholder addresses and blocks.
func (d *Dataplane) DisplayPrefix(p netip.Prefix) string {
	if PlaceholderBlock.Contains(p.Addr()) {
		if p.IsSingleIP() {
			return d.DisplayAddr(p.Addr())
		}
		if o, ok := d.Owner[p.Addr()]; ok && o.Kind() == model.KindPrefixList {
			return "<" + o.Base().Name + ">"
		}
	}
	return p.String()
}
