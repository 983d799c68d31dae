package domain

import (
	"slices"
	"strings"
)

// PermsView is what `perms show` prints.
type PermsView struct {
	Person    Person
	Role      TeamRole
	Effective PermSet
	// Items is every permission in catalogue order as it stands for
	// Person, with why this workspace cannot change it now.
	Items []PermItem
}

// PermItem is one permission of a team member: held (effectively) or not,
// and Lock, why granting or revoking it would be refused now ("" if it
// would not). Screens show it; ChangePerms decides the same way.
type PermItem struct {
	PermInfo
	Held bool
	Lock string
}

// permsView is what ShowPerms and ChangePerms answer for p.
func (o *op) permsView(p Person) PermsView {
	eff := p.EffectivePerms()
	v := PermsView{Person: p, Role: p.TeamRole, Effective: eff, Items: make([]PermItem, len(Permissions))}
	for i, in := range Permissions {
		it := PermItem{PermInfo: in, Held: eff.Has(in.Perm)}
		act := ActPermsGrant
		if it.Held {
			act = ActPermsRevoke
		}
		d := decide(o.tx, o.a, act, Target{Person: &p, Perm: in.Perm})
		// What no one could change (R10, R17, R18) is said before what
		// this workspace may not.
		switch err := permChangeRefusal(p, in.Perm, !it.Held); {
		case p.IsOwner() && !d.Allowed:
			it.Lock = d.Reason
		case err != nil:
			it.Lock = err.Error()
		case !d.Allowed:
			it.Lock = d.Reason
		}
		v.Items[i] = it
	}
	return v
}

// ShowPerms returns a team member's effective permissions.
func (s *Service) ShowPerms(who Who, handle string) (PermsView, error) {
	var v PermsView
	err := s.read(who, func(o *op) error {
		p, err := o.person(handle)
		if err != nil {
			return err
		}
		if err := o.authorize(ActPermsShow, Target{Person: &p}); err != nil {
			return err
		}
		if !p.IsTeam() {
			return invalidf("%s is not a team member; only team members hold team permissions", p.Handle)
		}
		v = o.permsView(p)
		return nil
	})
	return v, err
}

// ChangePerms grants or revokes team permissions (R15–R18). Each one is
// authorised on its own: coaching ones need manage_coaches, administrative
// ones manage_admins; the owner's never change; manage_coaches cannot be
// taken from someone who holds manage_admins, which implies it.
//
// Revoking coach_all_clients from a coach with upcoming sessions with
// clients they then no longer coach needs a plan for them
// (coaching_loss.go); only the first plan counts.
func (s *Service) ChangePerms(who Who, handle string, grant bool, perms []string, plan ...SessionsPlan) (PermsView, error) {
	act := ActPermsRevoke
	if grant {
		act = ActPermsGrant
	}
	var v PermsView
	err := s.write(who, func(o *op) error {
		p, err := o.person(handle)
		if err != nil {
			return err
		}
		if len(perms) == 0 {
			return invalidf("name at least one permission")
		}
		var ps []Perm
		for _, name := range perms {
			for _, part := range strings.Split(name, ",") {
				if strings.TrimSpace(part) == "" {
					continue
				}
				perm, err := ParsePerm(part)
				if err != nil {
					return err
				}
				if err := o.authorize(act, Target{Person: &p, Perm: perm}); err != nil {
					return err
				}
				ps = append(ps, perm)
			}
		}
		before := p.Perms
		for _, perm := range ps {
			if err := o.applyPerm(&p, perm, grant); err != nil {
				return err
			}
		}
		if slices.Equal(before, p.Perms) {
			return conflictf("nothing changed: %s %s", p.Handle, map[bool]string{true: "already holds them", false: "holds none of them"}[grant])
		}
		if err := savePerson(o.tx, &p); err != nil {
			return err
		}
		if !grant {
			if err := o.settleSessions(p.ID, planOf(plan)); err != nil {
				return err
			}
		}
		o.touchRelated(p)
		names := make([]string, len(ps))
		for i, x := range ps {
			names[i] = string(x)
		}
		v = o.permsView(p)
		o.touchTeam()
		return o.audit(act, record{Target: p.Handle, Person: p.ID, Detail: strings.Join(names, ",")})
	})
	return v, err
}

func (o *op) applyPerm(p *Person, perm Perm, grant bool) error {
	if err := permChangeRefusal(*p, perm, grant); err != nil {
		return err
	}
	if grant {
		p.Perms = p.Perms.With(perm)
	} else {
		p.Perms = p.Perms.Without(perm)
	}
	return nil
}

// permChangeRefusal is why perm can never be granted to (or revoked from)
// p as p stands, whoever asks: staff are not coaches (R10), and
// manage_admins implies manage_coaches (R17).
func permChangeRefusal(p Person, perm Perm, grant bool) error {
	if !grant && perm == PermManageCoaches && p.Perms.Has(PermManageAdmins) {
		return conflictf("manage_admins implies manage_coaches; revoke manage_admins first") // R17
	}
	if grant && !perm.IsAdmin() && !p.IsCoach() {
		return invalidf("%s is admin-only staff, so coaching permissions do not apply", p.Handle) // R10
	}
	return nil
}

// RoleChange is what changing a team member's role takes away (R10):
// made admin-only staff, a coach leaves the pairing pool, so every pairing
// of theirs and every coaching permission (R15) goes, and the upcoming
// sessions they could no longer hold need a plan (coaching_loss.go). Made
// a team coach, nothing goes. The confirmation on the screen, the
// command's --preview and the audit entry all say it from here.
type RoleChange struct {
	Person   Person
	ToCoach  bool
	Pairings []PairingView // the pairings that go
	Perms    PermSet       // the coaching permissions that go
	Sessions []SessionView // upcoming sessions at stake (preview only): cancel or move them
}

// roleChange authorises and checks p's change of role and lists what it
// takes away; SetTeamRole and PreviewRoleChange share it.
func (o *op) roleChange(p Person, coach bool) (RoleChange, []Pairing, error) {
	out := RoleChange{Person: p, ToCoach: coach}
	if err := o.authorize(ActPeopleEdit, Target{Person: &p}); err != nil {
		return out, nil, err
	}
	if !p.IsTeam() {
		return out, nil, invalidf("%s is not a team member", p.Handle)
	}
	if p.IsCoach() == coach {
		return out, nil, conflictf("%s is already %s", p.Handle, map[bool]string{true: "a team coach", false: "admin-only staff"}[coach])
	}
	if coach {
		return out, nil, nil
	}
	if err := o.refuseIfCoachingGroups(p, "make admin-only staff"); err != nil {
		return out, nil, err // R10, R22: groups.go
	}
	ps, err := pairingsOfCoach(o.tx, p.ID)
	if err != nil {
		return out, nil, err
	}
	for _, pr := range ps {
		c, err := loadPerson(o.tx, pr.Client)
		if err != nil {
			return out, nil, err
		}
		if pr.Level == LevelPrimary {
			return out, nil, conflictf("%s is %s's primary coach; make another coach primary first", p.Handle, c.Handle) // R11
		}
		out.Pairings = append(out.Pairings, PairingView{Coach: p, Client: c, Level: pr.Level})
	}
	for _, perm := range p.Perms {
		if !perm.IsAdmin() {
			out.Perms = append(out.Perms, perm)
		}
	}
	return out, ps, nil
}

// auditDetail records what the change took away, so it can be put back by
// hand: "now admin-only staff; pairings removed: jane coaching, casey
// view-only; coaching permissions removed: schedule_own" (R60).
func (c RoleChange) auditDetail() string {
	if c.ToCoach {
		return "now team coach"
	}
	d := "now admin-only staff"
	if len(c.Pairings) > 0 {
		var ps []string
		for _, p := range c.Pairings {
			ps = append(ps, p.Client.Handle+" "+levelWord(p.Level.String()))
		}
		d += "; pairings removed: " + strings.Join(ps, ", ")
	}
	if len(c.Perms) > 0 {
		d += "; coaching permissions removed: " + strings.Join(c.Perms.Strings(), ", ")
	}
	return d
}

// PreviewRoleChange says what SetTeamRole would take away now — the
// pairings, the coaching permissions and the upcoming sessions it would
// need a plan for — changing nothing. A change that would be refused for
// another reason (the owner, someone's primary coach) is refused here too.
func (s *Service) PreviewRoleChange(who Who, handle string, coach bool) (RoleChange, error) {
	var out RoleChange
	err := s.read(who, func(o *op) error {
		p, err := o.person(handle)
		if err != nil {
			return err
		}
		out, _, err = o.roleChange(p, coach)
		return err
	})
	if err != nil || coach {
		return out, err
	}
	out.Sessions, err = s.SessionsAtStake(who, CoachChange{Person: handle, Staff: true})
	return out, err
}

// SetTeamRole makes a team member a team coach (in the pairing pool) or
// admin-only staff (R10). Leaving the pool removes their pairings and
// coaching permissions, and is refused while they are someone's primary;
// the audit entry lists what went (RoleChange).
//
// Upcoming sessions of someone leaving the pool need a plan
// (coaching_loss.go); only the first plan counts.
func (s *Service) SetTeamRole(who Who, handle string, coach bool, plan ...SessionsPlan) (Person, error) {
	var out Person
	err := s.write(who, func(o *op) error {
		p, err := o.person(handle)
		if err != nil {
			return err
		}
		change, ps, err := o.roleChange(p, coach)
		if err != nil {
			return err
		}
		if !coach {
			for _, pr := range ps {
				if err := o.tx.Delete(colPairings, pr.ID); err != nil {
					return err
				}
				o.changed(pr.Client)
			}
			p.Perms = p.Perms.Admin()
			p.InPool, p.TeamRole = false, RoleStaff
		} else {
			p.InPool, p.TeamRole = true, RoleCoach
		}
		if err := savePerson(o.tx, &p); err != nil {
			return err
		}
		if !coach {
			if err := o.settleSessions(p.ID, planOf(plan)); err != nil {
				return err
			}
		}
		o.touchRelated(p)
		out = p
		o.touchTeam()
		return o.audit(ActPeopleEdit, record{Target: p.Handle, Person: p.ID, Detail: change.auditDetail()})
	})
	return out, err
}
