package tui

import (
	"strings"

	tea "github.com/charmbracelet/bubbletea"

	"behalf/domain"
)

// Adding the people who run the practice: a team coach or admin-only
// staff from the Team screen, an assistant (and the practitioners they
// manage) from the Assistants screen. Each step is the domain's own use
// case — people add, assistants link, people invite — as the commands
// call them; what the form can check first (who may be added, which links
// may be made) it asks the domain before anything is written.

// teamMemberForm adds a team coach or admin-only staff (R10), offering
// only the roles the domain lets this workspace add.
func teamMemberForm(c Context) *form {
	f := newForm(c.Common, "Add a team member")
	f.verb, f.cancelled = "add", "Nothing was added"
	var roles []choiceOpt
	for _, r := range []struct {
		as    domain.Capacity
		label string
	}{{domain.AsCoach, "team coach, in the pairing pool"}, {domain.AsStaff, "admin-only staff, never paired"}} {
		if c.Decide(domain.ActPeopleAdd, domain.Target{Capacity: r.as}).Allowed {
			roles = append(roles, choiceOpt{r.label, string(r.as)})
		}
	}
	f.choice("as", "Role", roles).help = "a team coach is paired with clients; admin-only staff hold administrative permissions only"
	personFields(f)
	f.note("Permissions are granted afterwards, on the person's row: enter.")
	f.check("invite", "Make an invitation code", "Shown once on the next screen; they redeem it with their own SSH key.", true)
	f.button("save", "Add")
	f.submit = func(f *form) (modalPane, tea.Cmd, error) {
		in := newPersonIn(f, domain.Capacity(f.value("as")))
		added, err := c.Svc.AddPerson(c.Who, in)
		if err != nil {
			return nil, nil, err
		}
		return addedPane(c, f, added, nil)
	}
	return f
}

// assistantForm adds an assistant and links them to the practitioners
// chosen (R40), with the admin role if asked (R43). The links are decided
// before the person is added, so a refused one adds nobody.
func assistantForm(c Context) *form {
	f := newForm(c.Common, "Add an assistant")
	f.verb, f.cancelled = "add", "Nothing was added"
	personFields(f)
	f.check("admin", "Admin role", "Admin-level access while managing a practitioner who is an admin; never the owner's account page.", false)
	f.heading("Manages")
	team, err := c.Svc.ListPeople(c.Who, domain.PeopleFilter{Capacity: "team", Status: domain.StatusActive, Limit: domain.MaxPage})
	if err != nil {
		f.err = errText(err)
	}
	var prs []domain.Person
	for _, p := range team {
		if p.IsTeam() {
			prs = append(prs, p)
			f.check("pr."+p.Handle, personLabel(p), roleShort(p), false)
		}
	}
	if len(prs) == 0 {
		f.note("Nobody on the team to manage yet.")
	}
	f.check("invite", "Make an invitation code", "Shown once on the next screen; they redeem it with their own SSH key.", true)
	f.button("save", "Add assistant")
	f.submit = func(f *form) (modalPane, tea.Cmd, error) {
		in := newPersonIn(f, domain.AsAssistant)
		in.AssistantAdmin = f.checked("admin")
		as := domain.Person{Handle: in.Handle, Name: strings.TrimSpace(in.Name), Assistant: true, AssistantAdmin: in.AssistantAdmin}
		var chosen []domain.Person
		for _, pr := range prs {
			if !f.checked("pr." + pr.Handle) {
				continue
			}
			if d := c.Decide(domain.ActAssistantsLink, domain.Target{Person: &as, Coach: &pr}); !d.Allowed {
				f.focusOn("pr." + pr.Handle)
				return nil, nil, &domain.Error{Kind: domain.KindDenied, Msg: "Managing " + clean(pr.Name) + ": " + d.Reason}
			}
			chosen = append(chosen, pr)
		}
		added, err := c.Svc.AddPerson(c.Who, in)
		if err != nil {
			return nil, nil, err
		}
		return addedPane(c, f, added, chosen)
	}
	return f
}

// personFields are a new person's name, handle and email.
func personFields(f *form) {
	f.text("name", "Name", "", "Kim Kline", domain.MaxNameLen)
	f.text("handle", "Handle", "", "kim", domain.MaxHandleLen).help = "how they are named in commands: lower-case letters, digits and '-'"
	f.text("email", "Email", "", "kim@example.com", domain.MaxEmailLen)
}

func newPersonIn(f *form, as domain.Capacity) domain.NewPerson {
	return domain.NewPerson{Handle: strings.TrimSpace(f.value("handle")), Name: f.value("name"), Email: f.value("email"), As: as}
}

// addedPane makes the links and the invitation for someone just added and
// says what was done, the code once. A step refused after the person was
// added is said there too; the person stays, as a command would leave them.
func addedPane(c Context, f *form, added domain.Added, manage []domain.Person) (modalPane, tea.Cmd, error) {
	st := c.Styles
	p := added.Person
	r := &codesPane{Common: c.Common, title: personLabel(p) + " is added"}
	for _, pr := range manage {
		v, err := c.Svc.LinkAssistant(c.Who, p.Handle, pr.Handle)
		switch {
		case err != nil:
			r.body = append(r.body, st.Warn.Render("not linked to "+personLabel(pr)+": "+errText(err)))
		case v.AdminLevel:
			r.body = append(r.body, "manages "+personLabel(pr)+st.Subtle.Render(", with admin-level access"))
		default:
			r.body = append(r.body, "manages "+personLabel(pr))
		}
	}
	var inv *domain.Invite
	noCode := ""
	if f.checked("invite") {
		i, err := c.Svc.InvitePerson(c.Who, p.Handle)
		if err != nil {
			noCode = errText(err)
		} else {
			inv = &i
		}
	}
	r.add(c, p, inv, f.checked("invite"), added.Existing, noCode)
	return r, tea.Batch(Status("Added %s", personLabel(p)), refreshAll), nil
}
