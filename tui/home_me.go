package tui

import (
	"slices"
	"strings"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/ansi"

	"behalf/domain"
)

func homeMeSpec() ScreenSpec {
	return ScreenSpec{ID: "home", Title: "Home", New: newHomeMe}
}

// homeMe is a client's own portal home: their coaches (never view-only
// ones, R14), the primary marked "My coach" (R12), the latest messages of
// their conversation with the team, which they answer from here, and who
// may act for them with which permissions and until when (R54).
type homeMe struct {
	page
	modalHost // the message being written
	d         domain.PersonDetail
	messages  []domain.MessageView
	msgMore   bool
	send      gate
	actions   []domain.ActionView // open ones, overdue first (overdue.go)
	readActs  bool
	todo      []domain.PaperView // worksheets and forms to fill in (file_papers.go)
}

// homeMessages is how many of the latest messages the home shows; the
// file's Messages part shows them all.
const homeMessages = 5

func newHomeMe(c Context) Screen {
	h := &homeMe{}
	h.page = newPage(c, "Home", h.load, h.body)
	h.onClose = h.reload
	return h
}

func (h *homeMe) Capturing() bool { return h.modalOpen() }

func (h *homeMe) SetSize(width, height int) {
	h.page.SetSize(width, height)
	h.sizeModal(width, height)
}

func (h *homeMe) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	if k, ok := msg.(tea.KeyMsg); ok {
		if cmd, ok := h.handleModal(k); ok {
			return h, cmd
		}
		if key.Matches(k, h.send.b) {
			if !h.send.on() {
				return h, refuse(h.send.d.Reason)
			}
			h.openPane(newTextComposer(h.Common, "Message to your coaches", "Your coaches read it; the people who act for you never do.",
				func(body string) (string, error) {
					_, err := h.Svc.SendMessage(h.Who, "", body)
					return "Message sent to your coaches", err
				}))
			return h, nil
		}
	}
	return h, h.handle(msg)
}

func (h *homeMe) View() string {
	if v, ok := h.modalView(); ok {
		return v
	}
	return h.page.View()
}

func (h *homeMe) ShortHelp() []key.Binding {
	if b, ok := h.modalHelp(); ok {
		return b
	}
	return append(allowedKeys(h.send), h.page.ShortHelp()...)
}

func (h *homeMe) FullHelp() [][]key.Binding {
	if b, ok := h.modalHelp(); ok {
		return [][]key.Binding{b}
	}
	return append([][]key.Binding{allowedKeys(h.send)}, h.page.FullHelp()...)
}

func (h *homeMe) load() (err error) {
	h.d, err = h.Svc.ShowPerson(h.Who, h.Access().Actor.Handle)
	if err != nil {
		return err
	}
	me := h.Access().Actor
	ds := h.DecideEach(domain.Target{Client: &me}, domain.ActMessagesSend, domain.ActActionsList, domain.ActMessagesList)
	h.send = gate{b: key.NewBinding(key.WithKeys("m"), key.WithHelp("m", "write to your coaches")), d: ds[0]}
	h.actions, h.readActs = nil, ds[1].Allowed
	if h.readActs {
		as, err := h.Svc.ListActions(h.Who, domain.ActionFilter{Status: "open", Limit: filePage})
		if err != nil {
			return err
		}
		slices.SortStableFunc(as, actionOrder)
		h.actions = as
	}
	if h.todo, err = loadToDo(h.Context); err != nil {
		return err
	}
	h.messages, h.msgMore = nil, false
	if ds[2].Allowed {
		ms, err := h.Svc.Messages(h.Who, "", domain.PageQuery{Limit: homeMessages + 1})
		if err != nil {
			return err
		}
		h.msgMore = len(ms) > homeMessages
		h.messages = ms[:min(len(ms), homeMessages)]
	}
	return nil
}

func (h *homeMe) body(width int) string {
	d := newDoc(h.Styles, width)
	d.heading(personLabel(h.d.Person))
	d.blank()
	d.heading("Your coaches")
	n := 0
	for _, c := range h.d.Coaches { // the domain leaves out view-only coaches (R14)
		if c.Level == domain.LevelPrimary {
			d.item("★", personLabel(c.Coach)+"  "+h.Styles.Accent.Render("My coach"))
		} else {
			d.item("•", personLabel(c.Coach)+"  "+h.Styles.Subtle.Render("coaching"))
		}
		n++
	}
	if n == 0 {
		d.line(h.Styles.Subtle.Render("  no coach yet"))
	}
	if h.readActs {
		d.blank()
		d.heading("Your actions")
		if len(h.actions) == 0 {
			d.line(h.Styles.Subtle.Render("  nothing open"))
		}
		for _, v := range h.actions[:min(len(h.actions), overdueLimit)] {
			line := "[ ] " + clean(v.Item.Title)
			switch {
			case v.Overdue:
				line = h.Styles.Warn.Render(line + "  due " + v.Item.Due + " · overdue")
			case v.Item.Due != "":
				line += h.Styles.Subtle.Render("  due " + v.Item.Due)
			}
			d.line("  " + line)
		}
		if len(h.actions) > overdueLimit {
			d.line(h.Styles.Subtle.Render("  " + domain.Plural(len(h.actions)-overdueLimit, "more", "more") + ": File, Actions"))
		}
	}
	d.blank()
	d.heading("Messages")
	if len(h.messages) == 0 {
		d.line(h.Styles.Subtle.Render("  no messages yet"))
	}
	loc := h.Access().Org.Location()
	for _, m := range h.messages { // newest first; the sender as the domain names them (R14, R44)
		d.item("•", h.Styles.Label.Render(m.At.In(loc).Format(dayTimeLayout)+" · "+clean(m.From.Label())))
		d.note(ansi.Truncate(clean(strings.Join(strings.Fields(m.Body), " ")), 3*max(width-4, 20), "…"))
	}
	more := "m: write to your coaches"
	if h.msgMore {
		more += " · older messages: File, Messages"
	}
	if h.send.on() {
		d.line(h.Styles.Subtle.Render("  " + more))
	}
	d.blank()
	d.heading("Who may act for you")
	if len(h.d.Contacts) == 0 {
		d.line(h.Styles.Subtle.Render("  nobody: no contact is linked to you"))
	}
	for _, l := range h.d.Contacts {
		d.item("•", personLabel(l.Contact))
		d.note(linkText(l))
	}
	d.blank()
	d.indented("", 0, "Contacts never see your coaches' private notes or your coaching conversations.", h.Styles.Subtle) // R31
	todoLines(d, h.Styles, h.todo)
	return d.String()
}

// linkText is "schedule, billing · no expiry" for one contact link.
func linkText(l domain.LinkView) string {
	perms := "no permissions"
	if len(l.Link.Perms) > 0 {
		perms = clean(strings.Join(l.Link.Perms.Strings(), ", "))
	}
	switch {
	case l.Link.Expires == "":
		return perms + " · no expiry"
	case !l.Live:
		return perms + " · expired after " + clean(l.Link.Expires)
	}
	return perms + " · until " + clean(l.Link.Expires)
}
