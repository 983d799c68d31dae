package domain

import (
	"slices"
	"strings"
)

// Assistants (seed 001, R40–R43): an assistant manages one or more
// practitioners; each link is one assistant:<practitioner> workspace, whose
// access workspace.go computes (assistantPerms). This file holds the links.

// AssistantView is one assistant link with both people loaded.
type AssistantView struct {
	Link         AssistantLink
	Assistant    Person
	Practitioner Person
	// AdminLevel: the assistant acts with admin-level access in this
	// workspace (R43): they have the admin role and the practitioner is an admin.
	AdminLevel bool
}

// ruleAssistantsLink (R40, R43, R17): linking needs manage_coaches; linking
// an admin-role assistant to an admin practitioner hands out that
// practitioner's administrative permissions, so it needs manage_admins,
// as granting them would. Nobody links themself.
// Target: Person is the assistant, Coach the practitioner.
func ruleAssistantsLink(j judge, t Target) Decision {
	if !j.teamish() {
		return deny("linking assistants is for the team workspace, not %s", j.where())
	}
	if !j.a.Has(PermManageCoaches) {
		return deny("to link assistants you need manage_coaches; %s do not hold it", j.whose())
	}
	if t.Person != nil && t.Person.ID == j.a.Actor.ID {
		return deny("you cannot link yourself to a practitioner; ask someone with manage_coaches")
	}
	if t.Person != nil && t.Coach != nil && t.Person.AssistantAdmin && t.Coach.IsAdmin() && !j.a.Has(PermManageAdmins) {
		return deny("%s has the admin role and %s is an admin, so the link gives admin-level access; that needs manage_admins", t.Person.Name, t.Coach.Name) // R17, R43
	}
	return allow("%s hold manage_coaches", j.whose())
}

// ListAssistants lists every assistant link, by assistant then
// practitioner. The team sees its whole roster, assistants included.
func (s *Service) ListAssistants(who Who) ([]AssistantView, error) {
	var out []AssistantView
	err := s.read(who, func(o *op) error {
		if err := o.authorize(ActAssistantsList, Target{}); err != nil {
			return err
		}
		return each(o.tx, colAssistants, Query{}, func(l AssistantLink) (bool, error) {
			if v, err := o.assistantView(l); err == nil {
				out = append(out, v)
			}
			return true, nil
		})
	})
	slices.SortFunc(out, func(a, b AssistantView) int {
		if c := strings.Compare(a.Assistant.Handle, b.Assistant.Handle); c != 0 {
			return c
		}
		return strings.Compare(a.Practitioner.Handle, b.Practitioner.Handle)
	})
	return out, err
}

func (o *op) assistantView(l AssistantLink) (AssistantView, error) {
	as, err := loadPerson(o.tx, l.Assistant)
	if err != nil {
		return AssistantView{}, err
	}
	pr, err := loadPerson(o.tx, l.Practitioner)
	if err != nil {
		return AssistantView{}, err
	}
	_, admin := assistantPerms(as, pr)
	return AssistantView{Link: l, Assistant: as, Practitioner: pr, AdminLevel: admin}, nil
}

// assistantPair loads both ends of an assistant link and authorises act.
func (o *op) assistantPair(assistant, practitioner string, act Action) (Person, Person, error) {
	as, err := o.person(assistant)
	if err != nil {
		return Person{}, Person{}, inField("assistant", err)
	}
	pr, err := o.person(practitioner)
	if err != nil {
		return Person{}, Person{}, inField("practitioner", err)
	}
	if err := o.authorize(act, Target{Person: &as, Coach: &pr}); err != nil {
		return Person{}, Person{}, err
	}
	return as, pr, nil
}

// LinkAssistant makes assistant manage practitioner (R40): a new
// assistant:<practitioner> workspace appears in the assistant's selector.
func (s *Service) LinkAssistant(who Who, assistant, practitioner string) (AssistantView, error) {
	var out AssistantView
	err := s.write(who, func(o *op) error {
		as, pr, err := o.assistantPair(assistant, practitioner, ActAssistantsLink)
		if err != nil {
			return err
		}
		if !as.Assistant {
			return inField("assistant", invalidf("%s is not an assistant; add them with `people add --as assistant`", as.Handle))
		}
		if !pr.IsTeam() {
			return inField("practitioner", invalidf("%s is not a team member; assistants manage practitioners on the team", pr.Handle)) // R40
		}
		if !pr.Active() {
			return inField("practitioner", conflictf("%s is deactivated; reactivate them before linking an assistant", pr.Handle))
		}
		if as.ID == pr.ID {
			return inField("practitioner", invalidf("%s cannot be their own assistant", as.Handle))
		}
		if _, err := assistantLinkOf(o.tx, as.ID, pr.ID); err == nil {
			return inField("practitioner", conflictf("%s already manages %s", as.Handle, pr.Handle))
		}
		l := AssistantLink{Assistant: as.ID, Practitioner: pr.ID, Created: o.now, CreatedBy: o.a.Actor.ID}
		if err := saveAssistantLink(o.tx, &l); err != nil {
			return err
		}
		o.changed(as.ID, pr.ID)
		if out, err = o.assistantView(l); err != nil {
			return err
		}
		detail := "workspace " + assistantScope(pr)
		if out.AdminLevel {
			detail += " (admin-level)"
		}
		o.touchTeam()
		return o.audit(ActAssistantsLink, record{Target: as.Handle + " for " + pr.Handle, Person: as.ID, Detail: detail})
	})
	return out, err
}

// UnlinkAssistant ends an assistant's management of a practitioner: the
// workspace is gone at once, also in open sessions (R5), and what the
// assistant's inbox held for that practitioner goes with it.
func (s *Service) UnlinkAssistant(who Who, assistant, practitioner string) error {
	return s.write(who, func(o *op) error {
		as, pr, err := o.assistantPair(assistant, practitioner, ActAssistantsUnlink)
		if err != nil {
			return err
		}
		l, err := assistantLinkOf(o.tx, as.ID, pr.ID)
		if err != nil {
			return notFoundf("%s does not manage %s", as.Handle, pr.Handle)
		}
		if err := o.tx.Delete(colAssistants, l.ID); err != nil {
			return err
		}
		if err := deleteInboxScope(o.tx, as.ID, assistantScope(pr)); err != nil {
			return err
		}
		o.changed(as.ID, pr.ID)
		o.touchTeam()
		return o.audit(ActAssistantsUnlink, record{Target: as.Handle + " for " + pr.Handle, Person: as.ID})
	})
}
