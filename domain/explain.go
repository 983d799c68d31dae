package domain

import "time"

// ExplainQuery asks why someone may or may not do something.
type ExplainQuery struct {
	Person    string // whose access
	Action    string // noun.verb
	Client    string // the client concerned, if any
	Workspace string // which of their workspaces; default: the one about the client (explainWorkspace)
}

// Explain evaluates the same rule a use case would, for another person, and
// returns the decision with its reason (needs manage_admins).
func (s *Service) Explain(who Who, q ExplainQuery) (Decision, string, error) {
	var d Decision
	var wsID string
	err := s.read(who, func(o *op) error {
		if err := o.authorize(ActExplain, Target{}); err != nil {
			return err
		}
		act := Action(q.Action)
		if _, ok := rules[act]; !ok {
			return invalidf("%q is not an action: name a command, such as \"sessions book\" (`help` lists the commands)", clip(q.Action, 40))
		}
		p, err := o.person(q.Person)
		if err != nil {
			return err
		}
		var t Target
		if q.Client != "" {
			c, err := o.client(q.Client)
			if err != nil {
				return err
			}
			t.Client = &c
		}
		want := q.Workspace
		if want == "" {
			ws, err := workspacesOf(o.tx, o.a.Org, p, o.now)
			if err != nil {
				return err
			}
			want = explainWorkspace(o.tx, p, ws, act, t, o.now)
		}
		a, err := resolveAccess(o.tx, Who{Person: p.ID, Workspace: want}, o.now)
		if err != nil {
			d, wsID = Decision{Allowed: false, Reason: err.Error()}, "-"
			return nil
		}
		d, wsID = decide(o.tx, a, act, t), a.Workspace.ID
		return nil
	})
	return d, wsID, err
}

// explainWorkspace is the workspace of p an explanation is about when none
// is named: for a client, the one about that client — their own portal, or
// their link to them as a contact — then the team, then an assistant
// workspace whose practitioner is paired with the client, or else may do
// act, or else the first; without a client, p's first.
// "" when p has none (resolveAccess then says why).
func explainWorkspace(tx Tx, p Person, ws []Workspace, act Action, t Target, now time.Time) string {
	if len(ws) == 0 {
		return ""
	}
	if t.Client == nil {
		return ws[0].ID
	}
	var assistant []Workspace
	for _, w := range ws {
		switch {
		case (w.Kind == WSMe || w.Kind == WSContact) && w.Subject == t.Client.Handle:
			return w.ID
		case w.Kind == WSAssistant:
			assistant = append(assistant, w)
		}
	}
	for _, w := range ws {
		if w.Kind == WSTeam {
			return w.ID
		}
	}
	for _, w := range assistant {
		if pr, err := pairingOf(tx, t.Client.ID, w.SubjectID()); err == nil && pr.Level > LevelNone {
			return w.ID
		}
	}
	for _, w := range assistant {
		if a, err := resolveAccess(tx, Who{Person: p.ID, Workspace: w.ID}, now); err == nil && decide(tx, a, act, t).Allowed {
			return w.ID
		}
	}
	if len(assistant) > 0 {
		return assistant[0].ID
	}
	return ws[0].ID
}
