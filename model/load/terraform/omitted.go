package terraform

import (
	"github.com/hashicorp/hcl/v2"

	"github.com/vpcheck/vpcheck/model"
)

// omissions collects what a load leaves out of the network (see
// model.Omission). The module loader, the evaluator and the mapping each
// keep one; evaluate joins them.
type omissions []model.Omission

// omit leaves resource out, reporting it in diags where it is written: a
// warning, or an error where the omission is the user's to fix before any
// answer can be trusted (a module that is not installed).
func (o *omissions) omit(diags *hcl.Diagnostics, sev hcl.DiagnosticSeverity, resource string, rng hcl.Range, summary, detail string) {
	*diags = append(*diags, &hcl.Diagnostic{Severity: sev, Summary: summary, Detail: detail, Subject: rng.Ptr()})
	*o = append(*o, model.Omission{Resource: resource, Reason: summary, Range: rng})
}
