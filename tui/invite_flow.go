package tui

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"behalf/domain"
)

// The flows of seed 000 as forms: (a) a new client invited together with
// one or more contacts in one step (R34), (b) a contact added to an
// existing client, found by email first (R35), invited only if they cannot
// sign in yet, the client and the other contacts optionally told (R36).
// Codes appear once, on the result screen, and are dropped when it closes.

// --- flow (a): a new client with contacts

// maxFlowContacts mirrors the domain's bound on one invitation flow.
const maxFlowContacts = 10

type inviteClientFlow struct {
	Context
	sections int
	sent     []int // the section each contact sent came from
}

func newInviteClientPane(c Context) modalPane {
	fl := &inviteClientFlow{Context: c}
	f := newForm(c.Common, "Invite a new client with their contacts")
	f.note("Every invitee gets a code of their own, valid 7 days, shown once on the next screen.") // R34
	f.heading("The client")
	f.text("name", "Name", "", "", domain.MaxNameLen)
	f.text("handle", "Handle", "", "", domain.MaxHandleLen).help = "how they are named in commands: lower-case letters, digits and '-'"
	f.text("email", "Email", "", "", domain.MaxEmailLen)
	f.text("primary", "Primary coach", "", "", domain.MaxHandleLen).help =
		"a coach's handle, the client's My coach; empty: you, if you add clients with manage_own_clients" // R11, R20
	f.check("invite", "Send invitation codes", "A code for the client and for every contact who cannot sign in yet.", true)
	f.button("more", "+ Another contact").help = "add another contact"
	fl.packageFields(f)
	f.button("save", "Invite")
	fl.addSection(f)
	f.submit, f.left, f.pressed, f.fieldFor = fl.submit, fl.left, fl.pressed, fl.fieldFor
	return f
}

// fieldFor finds the field of a refused contact: the domain counts the
// contacts sent ("contacts.2.email"), and empty sections were not sent.
func (fl *inviteClientFlow) fieldFor(name string) string {
	rest, ok := strings.CutPrefix(name, "contacts.")
	if !ok {
		return name
	}
	n, field, _ := strings.Cut(rest, ".")
	i, err := strconv.Atoi(n)
	if err != nil || i < 1 || i > len(fl.sent) {
		return name
	}
	return fmt.Sprintf("c%d.%s", fl.sent[i-1], field)
}

// addSection adds the fields of one more contact before the buttons.
func (fl *inviteClientFlow) addSection(f *form) {
	fl.sections++
	p := fmt.Sprintf("c%d.", fl.sections)
	f.before("more", func() {
		f.heading(fmt.Sprintf("Contact %d", fl.sections))
		contactEntryFields(f, p)
		f.text(p+"expires", "Last day", "", "", domain.MaxDateLen).help = linkExpiryHelp
	})
}

// contactEntryFields are a contact's email (asked first, R35), name and handle,
// and the permissions of their link.
func contactEntryFields(f *form, p string) {
	f.text(p+"email", "Email", "", "", domain.MaxEmailLen).help =
		"type the email first: someone already here is linked, never duplicated" // R35
	f.text(p+"name", "Name", "", "", domain.MaxNameLen).help = "for a new person"
	f.text(p+"handle", "Handle", "", "", domain.MaxHandleLen).help = "for a new person: lower-case letters, digits and '-'"
	linkPermChecks(f, p, nil)
}

func (fl *inviteClientFlow) left(f *form, id string) {
	if p, ok := strings.CutSuffix(id, "email"); ok && p != "" {
		showEmailFound(fl.Context, f, p, nil)
	}
}

func (fl *inviteClientFlow) pressed(f *form, id string) {
	if id != "more" {
		return
	}
	if fl.sections >= maxFlowContacts {
		f.err = fmt.Sprintf("at most %d contacts in one step; add more later with a (add contact)", maxFlowContacts)
		return
	}
	fl.addSection(f)
	f.focusOn(fmt.Sprintf("c%d.email", fl.sections))
}

func (fl *inviteClientFlow) submit(f *form) (modalPane, tea.Cmd, error) {
	in := domain.ClientInvite{
		Client: domain.NewPerson{
			Handle: strings.TrimSpace(f.value("handle")), Name: f.value("name"),
			Email: f.value("email"), Primary: strings.TrimSpace(f.value("primary")),
		},
		Invite: f.checked("invite"), BoughtBy: strings.TrimSpace(f.value("bought-by")),
	}
	if id, err := domain.ParseID(f.value("package")); err == nil {
		in.Package = id
	}
	fl.sent = nil
	for i := 1; i <= fl.sections; i++ {
		p := fmt.Sprintf("c%d.", i)
		nc := domain.NewContact{
			Email: f.value(p + "email"), Name: f.value(p + "name"), Handle: strings.TrimSpace(f.value(p + "handle")),
			Perms: linkPermsChecked(f, p), Expires: f.value(p + "expires"),
		}
		if strings.TrimSpace(nc.Email+nc.Name+nc.Handle) == "" {
			continue // a section left empty is no contact
		}
		in.Contacts = append(in.Contacts, nc)
		fl.sent = append(fl.sent, i)
	}
	res, err := fl.Svc.InviteClient(fl.Who, in)
	if err != nil {
		return nil, nil, err
	}
	title := personLabel(res.Client) + " is invited"
	if !in.Invite {
		title = personLabel(res.Client) + " is added, without invitations"
	}
	r := &codesPane{Common: fl.Common, title: title}
	r.add(fl.Context, res.Client, res.Invite, in.Invite, false, "")
	if p := res.Package; p != nil {
		line := "package " + clean(p.Package.Name) + ", expires " + p.Package.Expires
		if p.BoughtBy != nil {
			line += ", bought by " + clean(p.BoughtFor())
		}
		r.body = append(r.body, "    "+fl.Styles.Subtle.Render(line))
	}
	for _, ca := range res.Contacts {
		r.add(fl.Context, ca.Person, ca.Invite, in.Invite, ca.Existing, ca.NoInvite)
		r.body = append(r.body, "    "+fl.Styles.Subtle.Render("acts for "+clean(res.Client.Name)+": "+linkText(domain.LinkView{Link: ca.Link, Live: true})))
	}
	return r, Status("%s and %s added", personLabel(res.Client), domain.Plural(len(res.Contacts), "contact", "contacts")), nil
}

// --- flow (b): a contact for an existing client

type addContactFlow struct {
	Context
}

func newAddContactPane(c Context, client string) modalPane {
	fl := &addContactFlow{Context: c}
	f := newForm(c.Common, "Add a contact to an existing client")
	f.text("client", "Client", client, "", domain.MaxHandleLen).help = "the client's handle"
	contactEntryFields(f, "")
	f.text("expires", "Last day", "", "", domain.MaxDateLen).help = linkExpiryHelp
	f.check("invite", "Send an invitation code", "Only the new contact is invited, and only if they cannot sign in yet.", true) // R36
	f.check("notify", "Tell the client and their other contacts", "So everyone who acts for them knows who else does.", true)   // R36
	f.button("save", "Add contact")
	f.focusOn("email")
	if strings.TrimSpace(client) == "" {
		f.focusOn("client")
	}
	f.submit, f.left = fl.submit, fl.left
	return f
}

func (fl *addContactFlow) left(f *form, id string) {
	if id == "email" {
		showEmailFound(fl.Context, f, "", f.field("invite"))
	}
}

func (fl *addContactFlow) submit(f *form) (modalPane, tea.Cmd, error) {
	in := domain.AddContactIn{
		Client: strings.TrimSpace(f.value("client")),
		Contact: domain.NewContact{
			Email: f.value("email"), Name: f.value("name"), Handle: strings.TrimSpace(f.value("handle")),
			Perms: linkPermsChecked(f, ""), Expires: f.value("expires"),
		},
		Invite: f.checked("invite"),
		Notify: f.checked("notify"),
	}
	res, err := fl.Svc.AddContact(fl.Who, in)
	if err != nil {
		return nil, nil, err
	}
	st := fl.Styles
	client := clean(in.Client)
	if links, err := fl.Svc.ListLinks(fl.Who, in.Client); err == nil && len(links) > 0 {
		client = personLabel(links[0].Client)
	}
	r := &codesPane{Common: fl.Common, title: personLabel(res.Person) + " can now act for " + client}
	r.add(fl.Context, res.Person, res.Invite, in.Invite, res.Existing, res.NoInvite)
	r.body = append(r.body, "    "+st.Subtle.Render(linkText(domain.LinkView{Link: res.Link, Live: true})))
	if in.Notify {
		r.body = append(r.body, "", st.Subtle.Render("The client and their other contacts were told, as their notification settings allow.")) // R36
	}
	return r, Status("%s added as a contact of %s", personLabel(res.Person), client), nil
}

// showEmailFound looks the email of the contact under prefix up and says what
// saving will do: link the person found (R35), or make a new one. invite,
// if given, is locked off for someone who can sign in already (R36).
func showEmailFound(c Context, f *form, prefix string, invite *formField) {
	email := f.field(prefix + "email")
	name, handle := f.field(prefix+"name"), f.field(prefix+"handle")
	email.note, email.warn = "", false
	name.hidden, handle.hidden = false, false
	if invite != nil && invite.locked != "" {
		invite.locked, invite.on = "", true // locked for the person found before
	}
	if strings.TrimSpace(email.input.Value()) == "" {
		return
	}
	p, ok := lookupByEmail(c, email.input.Value())
	if !ok {
		if _, err := domain.CleanEmail(email.input.Value()); err != nil {
			email.note, email.warn = errText(err), true
			return
		}
		email.note = "no one here has this email: a new person will be made"
		return
	}
	email.note = "found: " + personLabel(p) + " — will be linked, no duplicate" // R35
	name.hidden, handle.hidden = true, true
	if d := c.Decide(domain.ActPeopleInvite, domain.Target{Person: &p}); invite != nil && !d.Allowed {
		invite.on = false
		invite.locked = d.Reason
	}
}

// lookupByEmail finds who this workspace can see with exactly this email,
// so the form can say before saving that they will be linked (R35). The
// domain looks again when saving, whoever the workspace can see.
func lookupByEmail(c Context, email string) (domain.Person, bool) {
	e, err := domain.CleanEmail(email)
	if err != nil {
		return domain.Person{}, false
	}
	ps, err := c.Svc.ListPeople(c.Who, domain.PeopleFilter{Search: e, Limit: 20})
	if err != nil {
		return domain.Person{}, false
	}
	for _, p := range ps {
		if p.Email == e {
			return p, true
		}
	}
	return domain.Person{}, false
}

// --- the result: codes, shown once

// codesPane reports what a flow did, with every invitee's code. Nothing
// keeps the codes once it closes (R34: a code is shown once).
type codesPane struct {
	Common
	title string
	body  []string
	top   int
}

// add reports one invitee: their code and its expiry, or why there is none
// (noCode: the domain's reason).
func (r *codesPane) add(c Context, p domain.Person, inv *domain.Invite, asked, existing bool, noCode string) {
	st := r.Styles
	r.body = append(r.body, "")
	who := personLabel(p)
	if existing {
		who += st.Subtle.Render("  found by email: linked, no duplicate") // R35
	}
	r.body = append(r.body, who)
	switch {
	case inv != nil:
		r.body = append(r.body, "    code "+st.Accent.Render(clean(inv.Code))+st.Subtle.Render("  valid until "+orgWhen(c.Access().Org.Location(), inv.Expires)))
		if inv.EmailedTo != "" {
			r.body = append(r.body, "    "+st.Subtle.Render("emailed to "+clean(inv.EmailedTo)+", with how to sign in"))
		}
	case noCode != "":
		r.body = append(r.body, "    "+st.Subtle.Render("no code: "+clean(noCode)))
	case !asked:
		r.body = append(r.body, "    "+st.Subtle.Render("no code: no invitation was asked for"))
	}
}

func (r *codesPane) setSize(w, h int) { r.Common.SetSize(w, h) }

func (r *codesPane) lines() []string {
	st := r.Styles
	out := []string{st.Title.Render(clean(r.title))}
	out = append(out, wrapped("Codes are shown only now: give each person their own. A code binds the key it is redeemed with to that person.", 0, r.Width, st.Warn)...) // R34
	return append(out, r.body...)
}

func (r *codesPane) update(k tea.KeyMsg) (modalPane, tea.Cmd) {
	switch {
	case key.Matches(k, r.Keys.Select, r.Keys.Back):
		return nil, nil
	case key.Matches(k, r.Keys.Down):
		r.top++
	case key.Matches(k, r.Keys.Up):
		r.top--
	}
	r.top = min(max(r.top, 0), max(len(r.lines())-r.Height, 0))
	return r, nil
}

func (r *codesPane) view() string {
	lines := r.lines()
	r.top = min(max(r.top, 0), max(len(lines)-r.Height, 0))
	return fitLines(strings.Join(lines[r.top:], "\n"), r.Width, r.Height)
}

func (r *codesPane) shortHelp() []key.Binding {
	return []key.Binding{
		key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter/esc", "done")),
		r.Keys.Down,
	}
}

// packageFields offer a package from the catalogue, assigned to the new
// client in the same step (R51), and which contact added here bought it
// (R37); recurring ones are subscribed to by the client, so not offered.
func (fl *inviteClientFlow) packageFields(f *form) {
	es, err := fl.Svc.Catalog(fl.Who)
	if err != nil {
		return
	}
	opts := []choiceOpt{{"none", ""}}
	for _, e := range es {
		if e.Every == "" {
			opts = append(opts, choiceOpt{clean(e.Name) + " · " + domain.Money(e.PriceCents, e.Currency), e.ID.String()})
		}
	}
	f.heading("A package (optional)")
	f.choice("package", "Package", opts).help = "assigned to the client as they are added"
	f.text("bought-by", "Bought by", "", "", domain.MaxEmailLen).help = "the handle or email of a contact above who paid for it; empty: nobody"
}
