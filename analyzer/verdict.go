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
	// ExpectUnreachable: proven that no connection can be made: no packet
	// arrives, or packets arrive and no reply comes back (a TCP handshake
	// never completes). Requests may still reach the destination: a gate
	// that forbids that asks for ExpectBlocked.
	ExpectUnreachable Expectation = "unreachable"
	// ExpectForward: the packets arrive, whatever becomes of replies (a
	// one-way flow: syslog over UDP, a flow-log check).
	ExpectForward Expectation = "forward"
	// ExpectBlocked: proven that no packet arrives at all, replies aside
	// (the negation of ExpectForward): nothing the source sends reaches
	// the destination, not even requests that would go unanswered.
	ExpectBlocked Expectation = "blocked"
)

// Expectations lists the expectations, in the order help texts give them.
var Expectations = []Expectation{ExpectReachable, ExpectUnreachable, ExpectForward, ExpectBlocked}

// ParseExpectation reads an expectation as users write it.
func ParseExpectation(s string) (Expectation, error) {
	for _, e := range Expectations {
		if Expectation(s) == e {
			return e, nil
		}
	}
	return "", fmt.Errorf("expect is reachable, unreachable, forward or blocked, not %q", s)
}

// Meets reports whether the answer meets an expectation and, when it does
// not, why, as a phrase that follows "A -> B is"; the reason names what
// was not modelled when the answer is unknown. Reach's exit status and the
// assertions of .vpcheck.hcl judge through it, so a flow is judged the
// same in both. Packets whose fate is unknown while others are proven to
// make the round trip leave the answer reachable (a note says so), as
// packets blocked on the way do. Unreachable is "no connection can be
// made" (requests may arrive unanswered); blocked is "no packet arrives".
func (a *Answer) Meets(e Expectation) (bool, string) {
	switch e {
	case ExpectForward:
		if a.Arrives {
			return true, ""
		}
	case ExpectBlocked:
		switch {
		case a.Arrives && a.Verdict == VerdictReachable:
			return false, "reachable, expected blocked (no packet arrives)"
		case a.Arrives && a.Verdict == VerdictUnknown:
			return false, "unknown: " + a.unknownText() + " (but the packets arrive), expected blocked (no packet arrives)"
		case a.Arrives:
			return false, "not reachable, but the packets arrive (no reply comes back), expected blocked (no packet arrives)"
		case a.Verdict != VerdictUnknown:
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
