package tui

import (
	"regexp"
	"strings"
	"testing"

	tea "github.com/charmbracelet/bubbletea"

	"behalf/domain"
)

// R14 on screen: jane never meets the name of a coach who is view-only for
// her — not john, for what he made while he coached her and for the
// invoice he issues with invoice_all once view-only; and not rob, after
// he is demoted, for everything he made before — on any screen of her
// portal, with every part of her file walked. The organisation stands in.
func TestClientScreensNeverShowAViewOnlyCoach(t *testing.T) {
	t.Parallel()
	d := newDemo(t, nil)
	olivia, john := d.as("olivia", "team"), d.as("john", "team")
	pair := func(coach string, lvl domain.Level) {
		t.Helper()
		_, err := d.svc.SetPairing(olivia, domain.PairingChange{Coach: coach, Client: "jane", Level: lvl})
		mustNot(t, err)
	}
	pair("john", domain.LevelCoaching)
	_, err := d.svc.AddProgress(john, "jane", "Agreed the next steps.")
	mustNot(t, err)
	_, err = d.svc.SendMessage(john, "jane", "Looking forward to Tuesday.")
	mustNot(t, err)
	pair("john", domain.LevelView)
	_, err = d.svc.ChangePerms(olivia, "john", true, []string{"invoice_all"})
	mustNot(t, err)
	_, err = d.svc.IssueInvoice(john, domain.NewInvoice{Client: "jane", Items: []domain.ItemInput{{Text: "Workshop", Amount: "120"}}})
	mustNot(t, err)

	walk := func(who ...string) {
		t.Helper()
		re := regexp.MustCompile(`\b(` + strings.Join(who, "|") + `)\b`)
		look := func(where string, m *root) {
			t.Helper()
			if hit := re.FindString(practiceView(t, m)); hit != "" {
				t.Errorf("jane meets %q on %s:\n%s", hit, where, practiceView(t, m))
			}
		}
		for _, screen := range []string{"home", "agenda", "inbox", "activity", "proxies", "account"} {
			m := practiceModel(t, d, "jane", "", screen)
			practiceSend(m, tea.WindowSizeMsg{Width: 200, Height: 60})
			look(screen, m)
		}
		m := practiceModel(t, d, "jane", "", "file")
		practiceSend(m, tea.WindowSizeMsg{Width: 200, Height: 60})
		for range 6 {
			look("the file", m)
			if strings.Contains(fileTabsLine(t, m), "Invoices") && strings.Contains(practiceView(t, m), "#") && strings.Contains(practiceView(t, m), "balance") {
				practicePress(m, "enter") // the newest invoice, john's
				look("an invoice", m)
				practicePress(m, "esc")
			}
			practicePress(m, "right")
		}
	}
	// eve books with rob for jane: jane's activity names him, for now.
	_, err = d.svc.BookSession(d.as("eve", "contact:jane"), domain.Booking{Coach: "rob", Start: "2026-12-09T09:00", Minutes: 60})
	mustNot(t, err)
	walk("John", "Jensen", "john")
	m := practiceModel(t, d, "jane", "", "file")
	practiceSend(m, tea.WindowSizeMsg{Width: 200, Height: 60})
	practicePress(m, "right", "right", "right", "right")
	practiceHas(t, practiceView(t, m), "Northwind Coaching")

	// rob stops coaching jane: mira becomes primary, his upcoming
	// sessions with her are cancelled, and he is made view-only.
	pair("mira", domain.LevelPrimary)
	l, err := d.svc.ListSessions(olivia, domain.SessionFilter{Client: "jane", From: "2026-11-23", To: "2027-01-31"})
	mustNot(t, err)
	for _, s := range l.Sessions {
		if s.Coach.Handle == "rob" && s.Session.Status == domain.SessionScheduled {
			_, err := d.svc.CancelSession(olivia, s.Session.ID)
			mustNot(t, err)
		}
	}
	pair("rob", domain.LevelView)
	walk("John", "Jensen", "john", "Rob", "Reyes", "rob")
}

// Display-name impersonation on screen: jane renames herself "Rob Reyes"
// and writes to her coach; rob's inbox shows her role beside the name,
// which a name cannot forge (R44, R46).
func TestInboxShowsRoleBesideName(t *testing.T) {
	t.Parallel()
	d := newDemo(t, nil)
	jane := d.as("jane", "me")
	_, err := d.svc.SetProfile(jane, domain.ProfileChange{Name: ptrTo("Rob Reyes")})
	mustNot(t, err)
	_, err = d.svc.SendMessage(jane, "", "Please call me back.")
	mustNot(t, err)
	m := practiceModel(t, d, "rob", "", "inbox")
	practiceHas(t, practiceView(t, m), "New message from Rob Reyes (client).", "by Rob Reyes (client)")
}

func ptrTo[T any](v T) *T { return &v }
