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
		v = PermsView{Person: p, Role: p.TeamRole, Effective: p.EffectivePerms()}
		return nil
	})
	return v, err
}

// ChangePerms grants or revokes team permissions (R15–R18). Each one is
// authorised on its own: coaching ones need manage_coaches, administrative
// ones manage_admins; the owner's never change; manage_coaches cannot be
// taken from someone who holds manage_admins, which implies it.
func (s *Service) ChangePerms(who Who, handle string, grant bool, perms []string) (PermsView, error) {
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
		o.touchRelated(p)
		names := make([]string, len(ps))
		for i, x := range ps {
			names[i] = string(x)
		}
		v = PermsView{Person: p, Role: p.TeamRole, Effective: p.EffectivePerms()}
		return o.audit(act, record{Target: p.Handle, Person: p.ID, Detail: strings.Join(names, ",")})
	})
	return v, err
}

func (o *op) applyPerm(p *Person, perm Perm, grant bool) error {
	if !grant {
		if perm == PermManageCoaches && p.Perms.Has(PermManageAdmins) {
			return conflictf("manage_admins implies manage_coaches; revoke manage_admins first") // R17
		}
		p.Perms = p.Perms.Without(perm)
		return nil
	}
	if !perm.IsAdmin() && !p.IsCoach() {
		return invalidf("%s is admin-only staff, not in the pairing pool, so coaching permissions do not apply", p.Handle) // R10
	}
	p.Perms = p.Perms.With(perm)
	return nil
}

// SetTeamRole makes a team member a team coach (in the pairing pool) or
// admin-only staff (R10). Leaving the pool removes their pairings and
// coaching permissions, and is refused while they are someone's primary.
func (s *Service) SetTeamRole(who Who, handle string, coach bool) (Person, error) {
	var out Person
	err := s.write(who, func(o *op) error {
		p, err := o.person(handle)
		if err != nil {
			return err
		}
		if err := o.authorize(ActPeopleEdit, Target{Person: &p}); err != nil {
			return err
		}
		if !p.IsTeam() {
			return invalidf("%s is not a team member", p.Handle)
		}
		if p.IsCoach() == coach {
			return conflictf("%s is already %s", p.Handle, map[bool]string{true: "a team coach", false: "admin-only staff"}[coach])
		}
		if !coach {
			ps, err := pairingsOfCoach(o.tx, p.ID)
			if err != nil {
				return err
			}
			for _, pr := range ps {
				if pr.Level == LevelPrimary {
					c, err := loadPerson(o.tx, pr.Client)
					if err != nil {
						return err
					}
					return conflictf("%s is %s's primary coach; make another coach primary first", p.Handle, c.Handle) // R11
				}
			}
			for _, pr := range ps {
				if err := o.tx.Delete(colPairings, pr.ID); err != nil {
					return err
				}
				o.tx.Changed(pr.Client)
			}
			p.Perms = p.Perms.Admin()
			p.InPool, p.TeamRole = false, RoleStaff
		} else {
			p.InPool, p.TeamRole = true, RoleCoach
		}
		if err := savePerson(o.tx, &p); err != nil {
			return err
		}
		o.touchRelated(p)
		out = p
		role := "admin-only staff"
		if coach {
			role = "team coach"
		}
		return o.audit(ActPeopleEdit, record{Target: p.Handle, Person: p.ID, Detail: "now " + role})
	})
	return out, err
}
