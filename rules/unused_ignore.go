package rules

// UnusedIgnore reports suppressions that match no finding. The framework
// produces its findings after every other rule ran; its Run does nothing.
var UnusedIgnore = &Rule{
	ID:       "unused-ignore",
	Severity: Warning,
	Run:      func(*Pass) error { return nil },
}
