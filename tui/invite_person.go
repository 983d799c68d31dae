package tui

import (
	"fmt"
	"strings"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"behalf/domain"
)

// Inviting someone who is already here, from their row (team, clients,
// assistants, contacts). What is possible for that person is the domain's
// to say: a first invitation only for someone who never signed in
// (people invite); for someone who did and lost their keys, the owner's
// recovery code (people recover); otherwise the reason, in the full help
// and the status line. The code appears once, on the result, as in the
// invitation flows (R34).

// personInvite is the invite key of one row: what it does for the person
// on it, and whether the domain allows it now.
type personInvite struct {
	p        domain.Person
	recovery bool // the key makes a recovery code, not an invitation
	gate     gate
}

// decideInvite asks the domain what can be done for p with binding b
// (whose key is the screen's): an invitation, else a recovery code, else
// the invitation's refusal.
func decideInvite(c Context, b key.Binding, p domain.Person) personInvite {
	ds := c.DecideAll(inviteAsks(&p)...)
	return invitePick(b, p, ds[0], ds[1])
}

// inviteAsks are the two questions decideInvite asks about p, for a screen
// that asks them with others in one read (invitePick answers from them).
func inviteAsks(p *domain.Person) []domain.Ask {
	return []domain.Ask{{Act: domain.ActPeopleInvite, Target: domain.Target{Person: p}}, {Act: domain.ActPeopleRecover, Target: domain.Target{Person: p}}}
}

// invitePick is the i key for p: an invitation when one may be made, else a
// recovery code when one may, else the invitation's refusal.
func invitePick(b key.Binding, p domain.Person, inv, rec domain.Decision) personInvite {
	k := b.Help().Key
	if inv.Allowed {
		b.SetHelp(k, b.Help().Desc)
		return personInvite{p: p, gate: gate{b: b, d: inv}}
	}
	if rec.Allowed {
		b.SetHelp(k, "recovery code")
		return personInvite{p: p, recovery: true, gate: gate{b: b, d: rec}}
	}
	return personInvite{p: p, gate: gate{b: b, d: inv}}
}

// ask puts the question for pi on host, or says why not.
func (pi personInvite) ask(c Context, host *modalHost) tea.Cmd {
	if !pi.gate.on() {
		return refuse(pi.gate.d.Reason)
	}
	p := pi.p
	name := clean(p.Name)
	if pi.recovery {
		host.confirm.ask(fmt.Sprintf("%s has signed in before. Make a recovery code? It binds one new key to %s's account within 24 hours; their keys stay, and they are told at once by every channel they have.", name, firstName(p.Name)),
			"make a recovery code", "", func() tea.Cmd {
				r, err := c.Svc.RecoverAccount(c.Who, p.Handle)
				if err != nil {
					return Failed(err)
				}
				host.openPane(recoveryPane(c, r))
				return tea.Batch(Status("Recovery code made for %s", name), refreshAll)
			})
		return nil
	}
	host.confirm.ask(fmt.Sprintf("Make an invitation code for %s? It is valid 7 days and binds the key it is redeemed with to %s; an earlier code of theirs stops working.", name, firstName(p.Name)),
		"make a code", "", func() tea.Cmd {
			inv, err := c.Svc.InvitePerson(c.Who, p.Handle)
			if err != nil {
				return Failed(err)
			}
			r := &codesPane{Common: c.Common, title: personLabel(p) + " is invited"}
			r.add(c, inv.Person, &inv, true, false, "")
			host.openPane(r)
			return tea.Batch(Status("Invitation code made for %s", name), refreshAll)
		})
	return nil
}

// recoveryPane shows a recovery code once, with what stays and who was told.
func recoveryPane(c Context, r domain.Recovery) *codesPane {
	st := c.Styles
	p := &codesPane{Common: c.Common, title: "Recovery code for " + personLabel(r.Person)}
	p.body = append(p.body, "", personLabel(r.Person),
		"    code "+st.Accent.Render(clean(r.Code))+st.Subtle.Render("  valid until "+orgWhen(c.Access().Org.Location(), r.Expires)))
	kept := domain.Plural(len(r.Kept), "key still signs", "keys still sign") + " them in; nothing was revoked."
	p.body = append(p.body, "    "+st.Subtle.Render(kept))
	var told []string
	for _, ch := range r.Told {
		told = append(told, string(ch))
	}
	if len(told) > 0 {
		p.body = append(p.body, "    "+st.Subtle.Render("They were told by "+strings.Join(told, " and ")+"."))
	}
	return p
}
