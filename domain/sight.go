package domain

// What a workspace may know exists (R5, R14, R32). Every handle a person
// types is resolved through o.person and every record named by id is
// checked with o.inSight, so a person or record outside the workspace's
// sight answers exactly as one that does not exist — the same words, the
// same exit — and no refusal names or confirms anyone it may not see.
// Inside its sight a refusal still says why (the rules in authz.go).

// sees decides whether this workspace may know that p exists:
//   - a team or assistant workspace sees the team, assistants and the
//     signed-in person; the clients it has access to (a pairing,
//     view_all_clients, coach_all_clients) or handles organisation-wide
//     (seesEveryClient); and the contacts of the clients it sees;
//   - a client's portal and a contact's workspace see the signed-in
//     person, the client, the team members who coach the client (primary
//     or coaching access; never a view-only coach, R14) and, in the
//     portal, the client's own contacts (R54).
func (j judge) sees(p Person) bool {
	if p.ID == j.a.Actor.ID || p.ID == j.a.Principal.ID {
		return true
	}
	if !j.teamish() {
		client := j.a.Principal
		if p.IsTeam() {
			return coachAccess(j.tx, p, client.ID) >= LevelCoaching
		}
		if j.a.Workspace.Kind == WSMe && p.Contact {
			_, err := linkOf(j.tx, client.ID, p.ID)
			return err == nil
		}
		return false
	}
	if p.IsTeam() || p.Assistant || j.a.seesEveryClient() {
		return true
	}
	if p.Client && j.level(&p) >= LevelView {
		return true
	}
	if p.Contact {
		links, _ := linksOfContact(j.tx, p.ID)
		for _, l := range links {
			if c, err := loadPerson(j.tx, l.Client); err == nil && j.level(&c) >= LevelView {
				return true
			}
		}
	}
	return false
}

// seesEveryClient: a team workspace whose permissions reach every client
// (and so their contacts) — to manage, pair, delete, schedule or invoice
// them, to read or coach every file, or to set anyone's group membership.
func (a *Access) seesEveryClient() bool {
	if !a.Teamish() {
		return false
	}
	for _, p := range []Perm{PermManageClients, PermDeleteClients, PermManageCoaches, PermManagePairings,
		PermViewAllClients, PermCoachAllClients, PermScheduleAll, PermInvoiceAll, PermManageGroups} {
		if a.Has(p) {
			return true
		}
	}
	return false
}

// noOneHas is the answer for a handle that names nobody this workspace sees.
func noOneHas(handle string) error {
	return notFoundf("no one has the handle %q", clip(handle, MaxHandleLen))
}

// inSight answers missing when the record of client that a person named
// by id lies outside this workspace's sight — the same answer as an id
// that does not exist.
func (o *op) inSight(client ID, missing error) error {
	c, err := o.loadPerson(client)
	if err != nil || !o.judge().sees(c) {
		return missing
	}
	return nil
}

// unseen reports whether a target person lies outside this workspace's
// sight (authorize's safety net: such a refusal names nobody).
func (o *op) unseen(t Target) bool {
	j := o.judge()
	for _, p := range []*Person{t.Client, t.Person, t.Coach} {
		if p != nil && p.ID != 0 && !j.sees(*p) {
			return true
		}
	}
	return false
}
