package cli

import (
	"errors"
	"fmt"

	"behalf/domain"
)

// sessionsFlags say what a change that takes a coach's coaching access
// away does with their upcoming sessions (pairing set, perms revoke|role,
// people deactivate|delete): without them such a change is refused while
// there are any, naming them.
func sessionsFlags(flags ...flagSpec) []flagSpec {
	return append(flags,
		flagSpec{name: "sessions", arg: "cancel|move", usage: "the coach's upcoming sessions they could no longer hold: cancel them (credits returned) or move them"},
		flagSpec{name: "to", arg: "H", usage: "with --sessions move: the coach who takes them over"})
}

// sessionsPlan reads --sessions and --to.
func sessionsPlan(c *call) (domain.SessionsPlan, error) {
	var plan domain.SessionsPlan
	if c.set("sessions") {
		do, err := domain.ParseSessionsDo(c.str("sessions"))
		if err != nil {
			return plan, err
		}
		plan.Do = do
	}
	plan.To = c.str("to")
	switch {
	case plan.Do == domain.SessionsMove && plan.To == "":
		return plan, usagef(c.cmd, "--sessions move needs --to H, the coach who takes them over")
	case plan.Do != domain.SessionsMove && plan.To != "":
		return plan, usagef(c.cmd, "--to goes with --sessions move")
	}
	return plan, nil
}

// withSessionsHint adds the flags to a refusal over stranded sessions.
func withSessionsHint(err error) error {
	if errors.Is(err, domain.ErrSessionsAtStake) {
		return fmt.Errorf("%w (--sessions cancel, or --sessions move --to H)", err)
	}
	return err
}
