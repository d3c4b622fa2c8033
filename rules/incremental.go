package rules

import "github.com/vpcheck/vpcheck/model"

// IgnoredRules are the rules an ignore names, inline in net's files or in
// cfg: whether an ignore suppresses a finding depends on where both are
// written, so a diff that skips a rule it proves unaffected (its findings
// are the same on both sides) must still run it when an ignore could
// treat those findings differently on each side.
func IgnoredRules(net *model.Network, cfg *Config) map[string]bool {
	ignores, _ := inlineIgnores(net.Files)
	if cfg != nil {
		ignores = append(ignores, cfg.ignores()...)
	}
	out := map[string]bool{}
	for _, ig := range ignores {
		for _, r := range ig.rules {
			out[r] = true
		}
	}
	return out
}
