package domain

import "time"

// Who names a signed-in person and the workspace they act in. Every use
// case takes one; the domain turns it into an Access from stored state.
type Who struct {
	Person    ID
	Workspace string // a --ws value; empty picks the only workspace
}

// Access is the effective authority of one person in one workspace at one
// moment. It is rebuilt from stored state in every transaction (R5).
type Access struct {
	Org       Org
	Actor     Person    // who is signed in and acting
	Workspace Workspace // where
	// Principal is whose access applies: the actor in team, the practitioner
	// for an assistant (R42), the client in me and contact workspaces.
	Principal Person
	perms     PermSet      // effective team permissions in this workspace
	contact   ContactPerms // effective contact permissions (me, contact)
	now       time.Time
}

// Has reports whether the workspace carries team permission p.
func (a *Access) Has(p Perm) bool { return a.perms.Has(p) }

// Perms is the effective team permissions in this workspace.
func (a *Access) Perms() PermSet { return a.perms }

// ContactPerms is what a me or contact workspace may do for its client.
func (a *Access) ContactPerms() ContactPerms { return a.contact }

// Teamish reports whether the workspace acts with a team member's access (team, assistant).
func (a *Access) Teamish() bool {
	return a.Workspace.Kind == WSTeam || a.Workspace.Kind == WSAssistant
}

// OnBehalfOf is the client for a contact, the practitioner for an
// assistant, and zero otherwise (the audit's on_behalf_of).
func (a *Access) OnBehalfOf() ID {
	switch a.Workspace.Kind {
	case WSContact, WSAssistant:
		return a.Principal.ID
	}
	return 0
}

// resolveAccess builds the Access of who from stored state.
func resolveAccess(tx Tx, who Who, now time.Time) (*Access, error) {
	org, err := loadOrg(tx)
	if err != nil {
		return nil, err
	}
	actor, err := loadPerson(tx, who.Person)
	if err != nil {
		return nil, deniedf("your account no longer exists")
	}
	if !actor.Active() {
		return nil, deniedf("your account is deactivated; ask an admin of %s", org.Name) // R6
	}
	all, err := workspacesOf(tx, org, actor, now)
	if err != nil {
		return nil, err
	}
	ws, err := pickWorkspace(all, who.Workspace)
	if err != nil {
		return nil, err
	}
	a := &Access{Org: org, Actor: actor, Workspace: ws, Principal: actor, now: now}
	if err := termsGateFor(tx, a); err != nil { // R24
		return nil, err
	}
	switch ws.Kind {
	case WSTeam:
		a.perms = actor.EffectivePerms()
	case WSAssistant:
		// The practitioner and the client below were loaded (and checked
		// active) in this transaction by workspacesOf: no second read.
		a.Principal = ws.subject
		a.perms, _ = assistantPerms(actor, ws.subject)
	case WSMe:
		a.contact = AllContactPerms()
	case WSContact:
		a.Principal = ws.subject
		for _, p := range ws.Permissions {
			a.contact = append(a.contact, ContactPerm(p))
		}
	}
	return a, nil
}
