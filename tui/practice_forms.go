package tui

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"behalf/domain"
)

// The practice forms, made with the form kit (form.go): booking a session,
// moving one, paying an invoice, issuing one, assigning a package. Every
// value is checked by the domain when the form is saved; its refusal shows
// inside the form.

// bookingForm books a session (R50, R51): client (preset in a client's
// context), coach, start in the organisation's zone, length and an
// optional package credit. The domain decides everything again on save;
// booked, if given, learns what was booked.
func bookingForm(c Context, client string, fixed bool, day time.Time, booked func(domain.SessionView)) *form {
	a := c.Access()
	loc := a.Org.Location()
	f := newForm(c.Common, "Book a session")
	if fixed {
		f.note("For " + bookingClientLabel(c, client))
	}
	f.note("Times are in " + loc.String() + ".")
	if !fixed {
		f.text("client", "Client", client, "jane", domain.MaxHandleLen).help = "the client's handle; their coaches and packages follow"
	}
	coach := f.choice("coach", "Coach", nil)
	coach.help = "who holds the session: the coaches you may book for this client"
	f.text("start", "Start", defaultStart(c, day), "2026-03-14 09:30", domain.MaxTimeLen).help = "date and time as " + domain.TimeHint + ", in " + loc.String()
	mins := f.choice("minutes", "Minutes", []choiceOpt{{"30 min", "30"}, {"45 min", "45"}, {"60 min", "60"}, {"90 min", "90"}})
	mins.help = "how long the session lasts"
	mins.choose("60")
	pkg := f.choice("package", "Package", nil)
	pkg.help = "take a credit from one of the client's packages, or none" // R51
	rep := f.choice("weeks", "Repeat", []choiceOpt{{"once", "1"}, {"weekly, 4 times", "4"}, {"weekly, 8 times", "8"}, {"weekly, 12 times", "12"}, {"weekly, 26 times", "26"}})
	rep.help = "a weekly series keeps the local time across clock changes; all are booked or none"
	rep.choose("1")
	if opts := bookingAgendas(c); len(opts) > 1 {
		f.choice("template", "Agenda", opts).help = "a session template: the session keeps its headings as they are now" // R21
	}

	known := "\x00" // the client the choices were made for
	refresh := func() {
		h := strings.TrimSpace(f.value("client"))
		if fixed {
			h = client
		}
		if h == known {
			return
		}
		known = h
		coach.setChoices(bookingCoaches(c, h))
		pkg.setChoices(bookingPackages(c, h))
	}
	refresh()
	f.left = func(f *form, id string) {
		if id == "client" {
			refresh()
		}
	}
	f.fieldFor = func(name string) string {
		if name == "status" {
			return "record" // what the domain calls a session's status
		}
		return name
	}
	f.submit = func(f *form) (modalPane, tea.Cmd, error) {
		refresh()
		h := client
		if !fixed {
			h = strings.TrimSpace(f.value("client"))
		}
		n, _ := strconv.Atoi(f.value("minutes"))
		in := domain.Booking{Client: h, Coach: f.value("coach"), Start: f.value("start"), Minutes: n}
		if p := f.value("package"); p != "" {
			id, err := domain.ParseID(p)
			if err != nil {
				return nil, nil, err
			}
			in.Package = id
		}
		if t := f.value("template"); t != "" {
			id, err := domain.ParseID(t)
			if err != nil {
				return nil, nil, err
			}
			in.Template = id
		}
		weeks, _ := strconv.Atoi(f.value("weeks"))
		if weeks <= 1 {
			in.Status = domain.SessionStatus(f.value("record"))
			v, err := c.Svc.BookSession(c.Who, in)
			if errors.Is(err, domain.ErrPastSession) && f.field("record").hidden {
				// The domain refuses a past time booked ahead: offer to
				// record what happened instead, as an explicit choice.
				f.insertAt(f.indexOf(f.field("start"))+1, func() {
					rec := f.choice("record", "Took place", []choiceOpt{{"no, change the time", ""}, {"completed", string(domain.SessionCompleted)}, {"no-show", string(domain.SessionNoShow)}})
					rec.help = "record a session that already took place, as it went; nobody is notified"
				})
				f.focusOn("record")
			}
			if err != nil {
				return nil, nil, err
			}
			if booked != nil {
				booked(v)
			}
			if v.Session.Status != domain.SessionScheduled {
				return nil, Status("Recorded as %s: %s with %s, %s (%d min)", v.Session.Status, clean(v.Client.Name), clean(v.Coach.Name), v.Start.Format(dayTimeLayout), v.Session.Minutes), nil
			}
			return nil, Status("Booked: %s with %s, %s (%d min)", clean(v.Client.Name), clean(v.Coach.Name), v.Start.Format(dayTimeLayout), v.Session.Minutes), nil
		}
		series, err := c.Svc.BookSeries(c.Who, in, weeks)
		if err != nil {
			return nil, nil, err
		}
		v, last := series[0], series[len(series)-1]
		if booked != nil {
			booked(v)
		}
		return nil, Status("Booked %d weekly sessions: %s with %s, %s to %s (%d min)", len(series), clean(v.Client.Name), clean(v.Coach.Name),
			v.Start.Format(dayTimeLayout), last.Start.Format(dayLayout), v.Session.Minutes), nil
	}
	return f
}

// bookingClientLabel is "Name (handle)" of a client this workspace may see, or the
// handle alone.
func bookingClientLabel(c Context, handle string) string {
	a := c.Access()
	if k := a.Workspace.Kind; (k == domain.WSMe || k == domain.WSContact) && (handle == "" || handle == a.Principal.Handle) {
		return personLabel(a.Principal)
	}
	if d, err := c.Svc.ShowPerson(c.Who, handle); err == nil {
		return personLabel(d.Person)
	}
	return clean(handle)
}

// defaultStart is 10:00 on day if that is still ahead, else tomorrow.
func defaultStart(c Context, day time.Time) string {
	loc := c.Access().Org.Location()
	now := c.Svc.Now().In(loc)
	d := time.Date(day.Year(), day.Month(), day.Day(), 10, 0, 0, 0, loc)
	if day.IsZero() || !d.After(now) {
		t := now.AddDate(0, 0, 1)
		d = time.Date(t.Year(), t.Month(), t.Day(), 10, 0, 0, 0, loc)
	}
	return d.Format(domain.WallLayout)
}

// bookingCoaches offers the coaches the domain accepts for a booking of
// this client here (domain.BookableCoaches), its default first.
func bookingCoaches(c Context, client string) []choiceOpt {
	a := c.Access()
	var opts []choiceOpt
	if client != "" || !a.Teamish() {
		ks, _ := c.Svc.BookableCoaches(c.Who, client)
		for _, k := range ks {
			what := levelText(k.Level)
			switch {
			case a.Teamish() && k.Coach.ID == a.Principal.ID && a.Workspace.Kind == domain.WSAssistant:
				what = "the practitioner"
			case a.Teamish() && k.Coach.ID == a.Principal.ID:
				what = "you"
			case k.Level < domain.LevelCoaching:
				what = "coaches every client"
			}
			opts = append(opts, choiceOpt{personLabel(k.Coach) + " · " + what, k.Coach.Handle})
		}
	}
	if len(opts) == 0 {
		// Nothing to offer: the domain picks its default and says why
		// that does not work, if it does not.
		label := "no coach you may book with"
		if client == "" {
			label = "name the client first"
		}
		opts = append(opts, choiceOpt{label, ""})
	}
	return opts
}

// bookingPackages offers "none" and the client's usable packages, where
// this workspace may see them.
func bookingPackages(c Context, client string) []choiceOpt {
	opts := []choiceOpt{{"no package", ""}}
	if client == "" && c.Access().Teamish() {
		return opts
	}
	ps, err := c.Svc.ListPackages(c.Who, domain.PackageFilter{Client: client})
	if err != nil {
		return opts
	}
	for _, p := range ps {
		if !p.Usable() {
			continue
		}
		label := fmt.Sprintf("%s · %d left · until %s", p.Package.Name, p.Remaining, p.Package.Expires)
		opts = append(opts, choiceOpt{label, p.Package.ID.String()})
	}
	return opts
}

// bookingAgendas are the session templates this workspace may book with
// (its own and the team's, R21): none for clients and contacts.
func bookingAgendas(c Context) []choiceOpt {
	opts := []choiceOpt{{"no agenda", ""}}
	if !c.Access().Teamish() {
		return opts
	}
	ts, err := c.Svc.ListTemplates(c.Who, domain.TemplateFilter{Kind: string(domain.KindSession)})
	if err != nil {
		return opts
	}
	for _, t := range ts {
		if t.CanUse {
			opts = append(opts, choiceOpt{t.Template.Name, t.Template.ID.String()})
		}
	}
	return opts
}

// rescheduleForm moves a session to a new start.
func rescheduleForm(c Context, v domain.SessionView) *form {
	loc := c.Access().Org.Location()
	f := newForm(c.Common, "Reschedule session "+v.Session.ID.String())
	f.note(sessionSummary(v))
	f.note("Times are in " + loc.String() + ".")
	f.text("start", "New start", v.Start.Format(domain.WallLayout), "2026-03-14 09:30", domain.MaxTimeLen).help = "date and time as " + domain.TimeHint + ", in " + loc.String()
	f.submit = func(f *form) (modalPane, tea.Cmd, error) {
		nv, err := c.Svc.RescheduleSession(c.Who, v.Session.ID, f.value("start"))
		if err != nil {
			return nil, nil, err
		}
		return nil, Status("Moved: %s", sessionSummary(nv)), nil
	}
	return f
}

// paymentForm pays an invoice in full or in part (R52). The amount starts
// as the balance; the domain parses it exactly and records the payment as
// made by whoever is signed in.
func paymentForm(c Context, inv domain.InvoiceView) *form {
	cur := inv.Invoice.Currency
	f := newForm(c.Common, "Pay invoice "+inv.Invoice.ID.String())
	f.note("For " + personLabel(inv.Client))
	f.note(fmt.Sprintf("Total %s · paid %s · balance %s", domain.Money(inv.Invoice.TotalCents, cur),
		domain.FormatAmount(inv.Invoice.PaidCents, cur), domain.Money(inv.Balance, cur)))
	f.text("amount", "Amount", domain.FormatAmount(inv.Balance, cur), "150.00", domain.MaxAmountLen).help = "in " + cur + ", e.g. 150 or 150.00; at most the balance"
	f.submit = func(f *form) (modalPane, tea.Cmd, error) {
		amount := f.value("amount")
		if strings.TrimSpace(amount) == "" {
			// The domain reads "" as "the whole balance"; an emptied field
			// is a mistake, not a choice, so it gets the domain's message.
			if _, err := domain.ParseAmount(amount, cur); err != nil {
				return nil, nil, err
			}
		}
		p, err := c.Svc.PayInvoice(c.Who, inv.Invoice.ID, amount)
		if err != nil {
			return nil, nil, err
		}
		return nil, Status("Paid %s on invoice %s", domain.Money(p.Payment.AmountCents, p.Payment.Currency), inv.Invoice.ID), nil
	}
	return f
}

// issueForm issues an open invoice with 1–50 line items (R52): pairs of
// fields, "Item n" and "Amount n", that ctrl+n adds and ctrl+x removes.
func issueForm(c Context, client domain.Person) *form {
	cur := clean(c.Access().Org.Currency)
	f := newForm(c.Common, "Issue an invoice")
	f.note("To " + personLabel(client) + " · amounts in " + cur + " · due 14 days after today")
	f.actions = []formAction{
		{key.NewBinding(key.WithKeys("ctrl+n"), key.WithHelp("ctrl+n", "add item")), func(f *form) { addItemRow(f, cur) }},
		{key.NewBinding(key.WithKeys("ctrl+x"), key.WithHelp("ctrl+x", "remove item")), removeItemRow},
	}
	addItemRow(f, cur)
	f.submit = func(f *form) (modalPane, tea.Cmd, error) {
		var items []domain.ItemInput
		for i, fl := range f.fields {
			if fl.id != "item" {
				continue
			}
			text, amount := fl.value(), f.fields[i+1].value()
			if strings.TrimSpace(text) == "" && strings.TrimSpace(amount) == "" {
				continue // an empty row is no item
			}
			items = append(items, domain.ItemInput{Text: text, Amount: amount})
		}
		v, err := c.Svc.IssueInvoice(c.Who, domain.NewInvoice{Client: client.Handle, Items: items})
		if err != nil {
			return nil, nil, err
		}
		return nil, Status("Issued invoice %s to %s: %s, due %s", v.Invoice.ID, clean(client.Name),
			domain.Money(v.Invoice.TotalCents, v.Invoice.Currency), clean(v.Invoice.Due)), nil
	}
	return f
}

// itemRow is the index of the focused item row's "item" field, or -1.
func itemRow(f *form) int {
	i := f.focus
	if fl := f.focused(); fl != nil && fl.id == "amount" {
		i--
	}
	if i >= 0 && f.fields[i].id == "item" {
		return i
	}
	return -1
}

// addItemRow adds an item row after the focused one (or at the end) and
// focuses it.
func addItemRow(f *form, cur string) {
	if itemCount(f) >= domain.MaxInvoiceItems {
		f.err = fmt.Sprintf("an invoice has at most %d items", domain.MaxInvoiceItems)
		return
	}
	at := len(f.fields)
	if i := itemRow(f); i >= 0 {
		at = i + 2
	}
	f.insertAt(at, func() {
		f.text("item", "", "", "Coaching session", domain.MaxLineLen).help = "what the line is for, as the client reads it"
		f.text("amount", "", "", "150.00", domain.MaxAmountLen).help = "in " + cur + ", e.g. 150 or 150.00; ctrl+n adds an item, ctrl+x removes this one"
	})
	relabelItems(f)
	f.setFocus(at)
}

// removeItemRow removes the focused item row; an invoice keeps one.
func removeItemRow(f *form) {
	at := itemRow(f)
	if at < 0 {
		return
	}
	if itemCount(f) <= 1 {
		f.err = "an invoice needs at least one item"
		return
	}
	f.removeFields(at, at+2)
	relabelItems(f)
}

func itemCount(f *form) int {
	n := 0
	for _, fl := range f.fields {
		if fl.id == "item" {
			n++
		}
	}
	return n
}

func relabelItems(f *form) {
	n := 0
	for _, fl := range f.fields {
		switch fl.id {
		case "item":
			n++
			fl.label = fmt.Sprintf("Item %d", n)
		case "amount":
			fl.label = fmt.Sprintf("Amount %d", n)
		}
	}
}

// assignForm gives a client a package from the catalogue (R51).
func assignForm(c Context, client domain.Person) (*form, error) {
	entries, err := c.Svc.Catalog(c.Who)
	if err != nil {
		return nil, err
	}
	f := newForm(c.Common, "Assign a package")
	f.note("To " + personLabel(client) + "; it expires its validity days after today")
	var opts []choiceOpt
	for _, e := range entries {
		opts = append(opts, choiceOpt{fmt.Sprintf("%s · %s · %s · %s", e.Name, domain.Plural(e.Sessions, "session", "sessions"),
			domain.Money(e.PriceCents, e.Currency), domain.Plural(e.ValidityDays, "day", "days")), e.ID.String()})
	}
	f.choice("entry", "Package", opts).help = "a package from the practice's catalogue"
	f.submit = func(f *form) (modalPane, tea.Cmd, error) {
		id, err := domain.ParseID(f.value("entry"))
		if err != nil {
			return nil, nil, err
		}
		p, err := c.Svc.AssignPackage(c.Who, domain.PackageAssignment{Client: client.Handle, Package: id})
		if err != nil {
			return nil, nil, err
		}
		return nil, Status("Assigned %s to %s, expires %s", clean(p.Package.Name), clean(client.Name), clean(p.Package.Expires)), nil
	}
	return f, nil
}
