package domain

// ExplainQuery asks why someone may or may not do something.
type ExplainQuery struct {
	Person    string // whose access
	Action    string // noun.verb
	Client    string // the client concerned, if any
	Workspace string // which of their workspaces; default their first
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
			return invalidf("%q is not an action: an action is a command's noun.verb, such as sessions.book (`help` lists the commands)", clip(q.Action, 40))
		}
		p, err := o.person(q.Person)
		if err != nil {
			return err
		}
		a, err := resolveAccess(o.tx, Who{Person: p.ID, Workspace: q.Workspace}, o.now)
		if err != nil {
			if KindOf(err) == KindInvalid { // several workspaces: take the first
				ws, err2 := workspacesOf(o.tx, o.a.Org, p, o.now)
				if err2 != nil || len(ws) == 0 {
					return err
				}
				a, err = resolveAccess(o.tx, Who{Person: p.ID, Workspace: ws[0].ID}, o.now)
			}
			if err != nil {
				d, wsID = Decision{Allowed: false, Reason: err.Error()}, "-"
				return nil
			}
		}
		var t Target
		if q.Client != "" {
			c, err := o.client(q.Client)
			if err != nil {
				return err
			}
			t.Client = &c
		}
		d, wsID = decide(o.tx, a, act, t), a.Workspace.ID
		return nil
	})
	return d, wsID, err
}
