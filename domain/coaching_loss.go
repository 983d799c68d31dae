package domain

import (
	"errors"
	"fmt"
	"strings"
)

// When a change takes a coach's coaching access to a client away — the
// pairing lowered to view-only or none, the coach made admin-only staff,
// deactivated or deleted, coach_all_clients revoked — the coach's upcoming
// sessions with that client would stay booked with someone who cannot
// hold them, and for a view-only coach invisibly to the client, who was
// told of them (R13, R14, R50). Each such change is refused while there
// are such sessions, naming them, unless it says what to do with them:
// cancel them (credits returned, everyone told) or move them to another
// coach who may hold them. All in the change's one transaction.

// SessionsDo is what a change does with the sessions it would strand.
type SessionsDo string

const (
	SessionsRefuse SessionsDo = ""       // refuse the change if there are any
	SessionsCancel SessionsDo = "cancel" // cancel them, returning their credits
	SessionsMove   SessionsDo = "move"   // move them to SessionsPlan.To
	// sessionsPreview: list them and undo the change (SessionsAtStake).
	sessionsPreview SessionsDo = "preview"
)

// SessionsPlan says what a change does with the upcoming sessions of a
// coach who can no longer hold them.
type SessionsPlan struct {
	Do SessionsDo
	To string // the coach who takes them over, for SessionsMove
}

// ParseSessionsDo reads "cancel" or "move".
func ParseSessionsDo(s string) (SessionsDo, error) {
	switch d := SessionsDo(strings.TrimSpace(s)); d {
	case SessionsCancel, SessionsMove:
		return d, nil
	}
	return "", invalidf("say cancel or move for the sessions, not %q", clip(s, 20))
}

// ErrSessionsAtStake is the cause of a refusal of a change that would strand
// upcoming sessions; the SessionsLeftError names them.
var ErrSessionsAtStake = errors.New("the change would leave upcoming sessions without a coach")

// SessionsLeftError refuses a change that would strand upcoming sessions,
// and names them so a screen can offer to cancel or move them.
type SessionsLeftError struct {
	Coach    Person
	Sessions []SessionView
	err      *Error
}

func (e *SessionsLeftError) Error() string { return e.err.Msg }

// Unwrap is the conflict, with ErrSessionsAtStake as its cause.
func (e *SessionsLeftError) Unwrap() error { return e.err }

// SessionsLeft returns the sessions a refusal names, if err is one.
func SessionsLeft(err error) ([]SessionView, bool) {
	var e *SessionsLeftError
	if errors.As(err, &e) {
		return e.Sessions, true
	}
	return nil, false
}

// errPreview undoes a previewed change once its sessions are known.
type errPreview struct{ sessions []SessionView }

func (errPreview) Error() string { return "preview" }

// CoachChange names one change that can take coaching access away, for
// SessionsAtStake. Set exactly one of its parts.
type CoachChange struct {
	Pairing    *PairingChange // pairing set
	Person     string         // the team member the parts below change
	Staff      bool           // make them admin-only staff
	Deactivate bool           // deactivate them
	Delete     bool           // delete them
	Revoke     []string       // revoke these permissions
}

// SessionsAtStake lists the upcoming sessions a change would strand — what
// it would refuse over without a plan — without making it: the change runs
// as its use case would, and is undone. Screens use it to show what a
// demotion costs before asking. Refusals of the change itself (denied,
// invalid) are returned as they are.
func (s *Service) SessionsAtStake(who Who, c CoachChange) ([]SessionView, error) {
	plan := SessionsPlan{Do: sessionsPreview}
	var err error
	switch {
	case c.Pairing != nil:
		in := *c.Pairing
		in.Sessions = plan
		_, err = s.SetPairing(who, in)
	case c.Staff:
		_, err = s.SetTeamRole(who, c.Person, false, plan)
	case c.Deactivate:
		_, err = s.SetStatus(who, c.Person, false, plan)
	case c.Delete:
		err = s.DeletePerson(who, c.Person, strings.ToLower(strings.TrimSpace(strings.TrimPrefix(c.Person, "@"))), plan)
	case len(c.Revoke) > 0:
		_, err = s.ChangePerms(who, c.Person, false, c.Revoke, plan)
	default:
		return nil, invalidf("name the change to look at")
	}
	var p errPreview
	if errors.As(err, &p) {
		return p.sessions, nil
	}
	return nil, err
}

// planOf is the first plan given, or the zero plan (refuse).
func planOf(plans []SessionsPlan) SessionsPlan {
	if len(plans) > 0 {
		return plans[0]
	}
	return SessionsPlan{}
}

// canHold: coach may hold a session with client now (R13, R14, R50): an
// active pool coach with coaching access who is not view-only for them.
func canHold(tx Tx, coach Person, client ID) (bool, error) {
	if !coach.IsCoach() || !coach.Active() {
		return false, nil
	}
	p, err := pairingOf(tx, client, coach.ID)
	if err != nil {
		return false, err
	}
	return p.Level != LevelView && coachAccess(tx, coach, client) >= LevelCoaching, nil
}

// strandedSessions are coach's scheduled sessions from now on with a
// client for whom stays says false.
func (o *op) strandedSessions(coach ID, stays func(client ID) (bool, error)) ([]Session, error) {
	prefix := coach.Key() + "/"
	var out []Session
	err := each(o.tx, colSessions, Query{Index: "coach", Prefix: prefix, From: prefix + practiceTimeKey(o.now)}, func(s Session) (bool, error) {
		if s.Status != SessionScheduled || s.Group != 0 {
			// a group session is held through the group (R22), whose
			// coaches cannot leave while they coach it (groups.go)
			return true, nil
		}
		ok, err := stays(s.Client)
		if err != nil || ok {
			return err == nil, err
		}
		out = append(out, s)
		return true, nil
	})
	return out, err
}

// settleSessions deals with coach's upcoming sessions after a change to
// their access, reading the state the change left: those coach can no
// longer hold are cancelled or moved as plan says, or the change is
// refused naming them.
func (o *op) settleSessions(coachID ID, plan SessionsPlan) error {
	coach, err := loadPerson(o.tx, coachID)
	if err != nil {
		return err
	}
	return o.settleStranded(coach, func(client ID) (bool, error) { return canHold(o.tx, coach, client) }, plan)
}

// settleStranded is settleSessions with the test of who stays given (a
// coach being deleted keeps none).
func (o *op) settleStranded(coach Person, stays func(client ID) (bool, error), plan SessionsPlan) error {
	lost, err := o.strandedSessions(coach.ID, stays)
	if err != nil {
		return err
	}
	if plan.Do == sessionsPreview {
		v := o.newViewer()
		views := make([]SessionView, len(lost))
		for i, s := range lost {
			views[i] = v.session(s)
		}
		return errPreview{views}
	}
	if len(lost) == 0 {
		if plan.Do == SessionsMove && strings.TrimSpace(plan.To) == "" {
			return invalidf("name the coach who takes the sessions over")
		}
		return nil
	}
	switch plan.Do {
	case SessionsRefuse:
		return o.refuseStranded(coach, lost)
	case SessionsCancel:
		for _, s := range lost {
			if err := o.cancelStranded(coach, s); err != nil {
				return err
			}
		}
		return nil
	case SessionsMove:
		to, err := o.person(plan.To)
		if err != nil {
			return err
		}
		if to.ID == coach.ID {
			return invalidf("move the sessions to another coach than %s", coach.Handle)
		}
		for _, s := range lost {
			if err := o.moveStranded(coach, to, s); err != nil {
				return err
			}
		}
		return nil
	}
	return invalidf("say cancel or move for the sessions, not %q", clip(string(plan.Do), 20))
}

// refuseStranded names the sessions (at most five, then how many more).
func (o *op) refuseStranded(coach Person, lost []Session) error {
	v := o.newViewer()
	views := make([]SessionView, len(lost))
	var names []string
	for i, s := range lost {
		views[i] = v.session(s)
		if i < 5 {
			names = append(names, views[i].Client.Handle+" "+o.localTime(s.Start))
		}
	}
	if n := len(lost) - len(names); n > 0 {
		names = append(names, fmt.Sprintf("and %d more", n))
	}
	what := "an upcoming session"
	if len(lost) > 1 {
		what = fmt.Sprintf("%d upcoming sessions", len(lost))
	}
	return &SessionsLeftError{Coach: coach, Sessions: views, err: &Error{Kind: KindConflict, cause: ErrSessionsAtStake,
		Msg: fmt.Sprintf("%s has %s they could no longer hold (%s); cancel them or move them to another coach", coach.Handle, what, strings.Join(names, ", "))}}
}

// cancelStranded cancels one session. The credit comes back whatever the
// time left: the practice cancelled, not the client (R51).
func (o *op) cancelStranded(coach Person, s Session) error {
	client, err := loadPerson(o.tx, s.Client)
	if err != nil {
		return err
	}
	if err := o.authorize(ActSessionsCancel, Target{Client: &client, Coach: &coach}); err != nil {
		return err
	}
	detail := "at " + o.localTime(s.Start) + "; " + coach.Handle + " can no longer hold it"
	if s.Package != 0 {
		p, err := loadPackage(o.tx, s.Package)
		if err != nil {
			return err
		}
		if p.SessionsUsed > 0 {
			p.SessionsUsed--
		}
		if err := savePackage(o.tx, &p); err != nil {
			return err
		}
		s.CreditReturned = true
		detail += fmt.Sprintf("; credit returned to package %s", p.ID)
	}
	s.Status, s.Changed, s.ChangedBy = SessionCancelled, o.now, o.a.Actor.ID
	if err := saveSession(o.tx, &s); err != nil {
		return err
	}
	o.touchPractice(client.ID, coach.ID)
	// Everyone who was told of it hears, without the name of a coach the
	// client may no longer see (R14).
	if err := o.tellStranded(s, coach.ID, say("Session cancelled: ", client, fmt.Sprintf(", %s (%d min).", o.localTime(s.Start), s.Minutes))); err != nil {
		return err
	}
	return o.audit(ActSessionsCancel, record{Target: "session " + s.ID.String(), Client: client.ID, Person: coach.ID, Detail: detail})
}

// moveStranded gives one session to another coach, who must be able to
// hold it and be free then (R50).
func (o *op) moveStranded(coach, to Person, s Session) error {
	client, err := loadPerson(o.tx, s.Client)
	if err != nil {
		return err
	}
	if err := o.authorize(ActSessionsReschedule, Target{Client: &client, Coach: &to}); err != nil {
		return err
	}
	ok, err := canHold(o.tx, to, client.ID)
	if err != nil {
		return err
	}
	if !ok {
		return conflictf("%s cannot take over %s's sessions: they do not coach %s", to.Handle, client.Handle, client.Handle)
	}
	if err := o.checkFree(to, client, s.Start, s.Minutes, s.ID); err != nil {
		return err
	}
	s.Coach, s.Changed, s.ChangedBy = to.ID, o.now, o.a.Actor.ID
	if err := saveSession(o.tx, &s); err != nil {
		return err
	}
	o.touchPractice(client.ID, coach.ID, to.ID)
	if err := o.tellStranded(s, coach.ID, say("Session moved to ", to, ": ", client, fmt.Sprintf(", %s (%d min).", o.localTime(s.Start), s.Minutes))); err != nil {
		return err
	}
	return o.audit(ActSessionsReschedule, record{Target: "session " + s.ID.String(), Client: client.ID, Person: to.ID,
		Detail: "coach " + coach.Handle + " → " + to.Handle + " at " + o.localTime(s.Start)})
}

// tellStranded tells the former coach, the session's coach now, and the
// client and their schedule contacts, who were told of the session when
// it was booked (notify adds the client's primary, R12).
func (o *op) tellStranded(s Session, former ID, w []Word) error {
	to := []ID{former, s.Coach}
	to = append(to, o.clientSide(s.Client, ContactSchedule)...)
	return o.practiceNotify("session_changed", s.Client, w, to...)
}
