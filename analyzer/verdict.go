package analyzer

import "fmt"

// Verdict is the one answer a question gets, the same in reach, trace,
// assertions and rules (docs/architecture.md, "How a packet moves"):
// reachable (proven, replies included), unreachable (proven), or unknown
// (the path crosses something vpcheck does not model, which the answer
// names).
type Verdict string

// Verdicts.
const (
	VerdictReachable   Verdict = "reachable"
	VerdictUnreachable Verdict = "unreachable"
	VerdictUnknown     Verdict = "unknown"
)

// Expectation is what a CI gate (reach --expect, an assert block) requires
// of an answer.
type Expectation string

// Expectations.
const (
	// ExpectReachable: the packets arrive and every reply comes back (a
	// TCP handshake completes; a partial return fails).
	ExpectReachable Expectation = "reachable"
	// ExpectUnreachable: proven that no connection works.
	ExpectUnreachable Expectation = "unreachable"
	// ExpectForward: the packets arrive, whatever becomes of replies (a
	// one-way flow: syslog over UDP, a flow-log check).
	ExpectForward Expectation = "forward"
)

// ParseExpectation reads an expectation as users write it.
func ParseExpectation(s string) (Expectation, error) {
	switch e := Expectation(s); e {
	case ExpectReachable, ExpectUnreachable, ExpectForward:
		return e, nil
	}
	return "", fmt.Errorf("expect is reachable, unreachable or forward, not %q", s)
}

// Meets reports whether the answer meets an expectation and, when it does
// not, why, as a phrase that follows "A -> B is"; the reason names what
// was not modelled when the answer is unknown. Reach's exit status and the
// assertions of .vpcheck.hcl judge through it, so a flow is judged the
// same in both. Packets whose fate is unknown while others are proven to
// make the round trip leave the answer reachable (a note says so), as
// packets blocked on the way do.
func (a *Answer) Meets(e Expectation) (bool, string) {
	switch e {
	case ExpectForward:
		if a.Arrives {
			return true, ""
		}
	case ExpectUnreachable:
		if a.Verdict == VerdictUnreachable {
			return true, ""
		}
		if a.Verdict == VerdictReachable {
			return false, "reachable, expected unreachable"
		}
	default:
		if a.Verdict == VerdictReachable && a.Return != ReturnPartial {
			return true, ""
		}
		switch {
		case a.Verdict == VerdictReachable:
			return false, "reachable only in part: some replies are blocked, expected reachable (replies included)"
		case a.Arrives && a.Verdict == VerdictUnreachable:
			return false, "not reachable: the packets arrive but no reply comes back, expected reachable (replies included)"
		}
	}
	if a.Verdict == VerdictUnknown {
		return false, "unknown: " + a.unknownText() + ", expected " + string(e)
	}
	return false, "unreachable, expected " + string(e)
}

// unknownText names what was not modelled.
func (a *Answer) unknownText() string {
	if len(a.Unknown) == 0 {
		return "the path crosses something vpcheck does not model"
	}
	s := a.Unknown[0].Message
	if n := len(a.Unknown) - 1; n > 0 {
		s += fmt.Sprintf(" (and %d more)", n)
	}
	return s
}
