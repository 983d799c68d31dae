package domain

// PairingChange is what `pairing set` and the pairing screens send.
type PairingChange struct {
	Coach  string
	Client string
	Level  Level
	// Sessions says what to do with the coach's upcoming sessions with the
	// client if the new level cannot hold them (view-only, none).
	Sessions SessionsPlan
}

// PairingResult says what a pairing change did, including a primary moved
// away from another coach (R11).
type PairingResult struct {
	Coach, Client Person
	From, To      Level
	// Demoted is the former primary, who keeps coaching access.
	Demoted *Person
}

// SetPairing sets one coach's access to one client (R10–R14). Every active
// client keeps exactly one primary: making a coach primary moves the role
// and leaves the former primary with coaching access; the primary itself
// cannot be switched off, only replaced.
func (s *Service) SetPairing(who Who, in PairingChange) (PairingResult, error) {
	var res PairingResult
	err := s.write(who, func(o *op) error {
		client, err := o.client(in.Client)
		if err != nil {
			return err
		}
		coach, err := o.person(in.Coach)
		if err != nil {
			return err
		}
		if err := o.authorize(ActPairingSet, Target{Client: &client, Coach: &coach}); err != nil {
			return err
		}
		res, err = o.setPairing(coach, client, in.Level)
		if err != nil {
			return err
		}
		return o.settleSessions(coach.ID, in.Sessions)
	})
	return res, err
}

func (o *op) setPairing(coach, client Person, lvl Level) (PairingResult, error) {
	if !coach.IsCoach() {
		return PairingResult{}, invalidf("%s is admin-only staff, not in the pairing pool", coach.Handle) // R10
	}
	if lvl == LevelPrimary && !coach.Active() {
		return PairingResult{}, conflictf("%s is deactivated and cannot be primary", coach.Handle)
	}
	cur, err := pairingOf(o.tx, client.ID, coach.ID)
	if err != nil {
		return PairingResult{}, err
	}
	res := PairingResult{Coach: coach, Client: client, From: cur.Level, To: lvl}
	if cur.Level == lvl {
		return res, conflictf("%s already has %s access to %s", coach.Handle, lvl, client.Handle)
	}
	if cur.Level == LevelPrimary {
		return res, conflictf("%s is %s's primary coach; primary cannot be switched off — make another coach primary instead", coach.Handle, client.Handle) // R11
	}
	if lvl == LevelPrimary {
		ps, err := pairingsOfClient(o.tx, client.ID)
		if err != nil {
			return res, err
		}
		for _, p := range ps {
			if p.Level != LevelPrimary {
				continue
			}
			p.Level = LevelCoaching // the former primary keeps coaching access (R11)
			if err := savePairing(o.tx, &p); err != nil {
				return res, err
			}
			former, err := loadPerson(o.tx, p.Coach)
			if err != nil {
				return res, err
			}
			res.Demoted = &former
			o.changed(former.ID)
		}
	}
	cur.Level, cur.Since = lvl, o.now
	if err := savePairing(o.tx, &cur); err != nil {
		return res, err
	}
	o.changed(coach.ID, client.ID)
	detail := "level " + res.From.String() + " → " + lvl.String()
	if res.Demoted != nil {
		detail += "; " + res.Demoted.Handle + " primary → coaching"
	}
	o.touchTeam()
	return res, o.audit(ActPairingSet, record{Target: coach.Handle + " → " + client.Handle, Client: client.ID, Person: coach.ID, Detail: detail})
}

// PairingQuery selects pairings: of one client, or of one coach.
type PairingQuery struct {
	Client string
	Coach  string
	// WithNone adds every pool coach (or every client) at level none, for
	// the pairing screens' radio choices.
	WithNone bool
}

// Pairings lists pairings as this workspace may see them. In a client's own
// portal only their coaches show, and never view-only ones (R14).
func (s *Service) Pairings(who Who, q PairingQuery) ([]PairingView, error) {
	var out []PairingView
	err := s.read(who, func(o *op) error {
		var err error
		out, err = o.pairings(q)
		return err
	})
	return out, err
}

// PairingsOf is Pairings for each of several clients, in one read: what a
// list shows beside its rows (each client's primary coach) without a
// transaction per row. A client whose pairings this workspace may not see
// (or who is gone) is left out, as Pairings would refuse it.
func (s *Service) PairingsOf(who Who, clients []string) (map[string][]PairingView, error) {
	out := make(map[string][]PairingView, len(clients))
	err := s.read(who, func(o *op) error {
		o.people = map[ID]Person{} // the same coaches recur from client to client
		for _, h := range clients {
			if ps, err := o.pairings(PairingQuery{Client: h}); err == nil {
				out[h] = ps
			} else if KindOf(err) == 0 {
				return err // a storage failure, not a refusal
			}
		}
		return nil
	})
	return out, err
}

func (o *op) pairings(q PairingQuery) ([]PairingView, error) {
	var out []PairingView
	switch {
	case q.Client != "" || o.a.Workspace.Kind == WSMe:
		client, err := o.client(q.Client)
		if err != nil {
			return nil, err
		}
		if err := o.authorize(ActPairingShow, Target{Client: &client}); err != nil {
			return nil, err
		}
		ps, err := pairingsOfClient(o.tx, client.ID)
		if err != nil {
			return nil, err
		}
		seen := map[ID]bool{}
		for _, p := range ps {
			if p.Level == LevelView && !o.a.Teamish() {
				continue // R14: invisible to the client
			}
			c, err := o.loadPerson(p.Coach)
			if err != nil {
				continue
			}
			seen[c.ID] = true
			out = append(out, PairingView{Coach: c, Client: client, Level: p.Level})
		}
		sortPairings(out)
		if q.WithNone && o.a.Teamish() {
			pool, err := peopleWith(o.tx, "team")
			if err != nil {
				return nil, err
			}
			for _, c := range pool {
				if c.IsCoach() && c.Active() && !seen[c.ID] {
					out = append(out, PairingView{Coach: c, Client: client, Level: LevelNone})
				}
			}
		}
	case q.Coach != "":
		coach, err := o.person(q.Coach)
		if err != nil {
			return nil, err
		}
		if !coach.IsTeam() {
			return nil, invalidf("%s is not a team member", coach.Handle)
		}
		if err := o.authorize(ActPairingShow, Target{Coach: &coach}); err != nil {
			return nil, err
		}
		ps, err := pairingsOfCoach(o.tx, coach.ID)
		if err != nil {
			return nil, err
		}
		j := o.judge()
		seen := map[ID]bool{}
		for _, p := range ps {
			c, err := loadPerson(o.tx, p.Client)
			if err != nil || !j.sees(c) {
				continue
			}
			seen[c.ID] = true
			out = append(out, PairingView{Coach: coach, Client: c, Level: p.Level})
		}
		if q.WithNone && coach.IsCoach() {
			clients, err := peopleWith(o.tx, "client")
			if err != nil {
				return nil, err
			}
			for _, c := range clients {
				if !seen[c.ID] && j.sees(c) {
					out = append(out, PairingView{Coach: coach, Client: c, Level: LevelNone})
				}
			}
		}
	default:
		return nil, invalidf("name a client (--client H) or a coach (--coach H)")
	}
	return out, nil
}

// primaryOf returns the client's primary coach (R12).
func primaryOf(tx Tx, client ID) (Person, bool) {
	ps, err := pairingsOfClient(tx, client)
	if err != nil {
		return Person{}, false
	}
	for _, p := range ps {
		if p.Level == LevelPrimary {
			c, err := loadPerson(tx, p.Coach)
			return c, err == nil
		}
	}
	return Person{}, false
}
