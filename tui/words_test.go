package tui

import (
	"fmt"
	"regexp"
	"strings"
	"testing"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/ansi"

	"behalf/domain"
)

// developerWords is what a person must never read on a screen: a rule id
// ("(R31)"), the word "seed", a workspace id (assistant:rob, contact:alex)
// or an action id (sessions.book) — those stay in code, tests and --json.
var developerWords = regexp.MustCompile(`\(R[0-9]|\bR[0-9]{1,2}\b|(?i:\bseed)|\b(?:assistant|contact):[a-z0-9]|\b(?:people|pairing|perms|contacts|assistants|sessions|packages|invoices|payments|notes|progress|comments|messages|tasks|inbox|notifications|audit|account)\.(?:list|show|add|invite|deactivate|reactivate|delete|edit|set|grant|revoke|link|unlink|book|reschedule|cancel|complete|catalog|assign|reassign|define|issue|pay|void|approve|send|done|read|outbox|plan|keys|key-add|key-remove)\b`)

// walkKeys are pressed on every screen after its first view: they open
// what a row leads to (a file, a person's permissions, an invoice) and
// the file's parts, so what those show is read too.
var walkKeys = []string{"enter", "right", "right", "right", "right", "right", "right", "right", "esc", "esc"}

// walk presses k and feeds back what it returns (a status line, another
// tab), leaving any command that waits (the change feed) to the session.
func walk(m *root, k string) {
	for _, msg := range keyMsgs(k) {
		_, cmd := m.Update(msg)
		drainSoon(m, cmd)
	}
}

// Every screen of every demo person in every workspace, with its full
// help and what enter opens from it, is in words for people (issue 14.6).
func TestWordsOnEveryScreen(t *testing.T) {
	t.Parallel()
	d := newDemo(t, nil)
	// A day's work first, so the audit and activity views have something
	// of every kind to word: an assistant's, a contact's, an admin's.
	_, err := d.svc.AddTask(d.as("asa", "assistant:rob"), domain.NewTask{Title: "Call Jane", Client: "jane", Due: "2026-12-01"})
	mustNot(t, err)
	_, err = d.svc.BookSession(d.as("pat", "contact:alex"), domain.Booking{Coach: "mira", Start: "2026-12-09 11:00", Minutes: 45})
	mustNot(t, err)
	_, err = d.svc.SetPairing(d.as("adam", "team"), domain.PairingChange{Coach: "john", Client: "alex", Level: domain.LevelView})
	mustNot(t, err)
	_, err = d.svc.ChangePerms(d.as("olivia", "team"), "mira", true, []string{"invoice_own"})
	mustNot(t, err)
	_, err = d.svc.SendMessage(d.as("asa", "assistant:rob"), "jane", "See you Tuesday.")
	mustNot(t, err)
	seen := 0
	reported := map[string]bool{}
	// check fails once per place and word: tab is where the view is, for
	// the report; step says how it was reached.
	check := func(tab, step string, m *root) {
		t.Helper()
		v := ansi.Strip(m.View())
		seen++
		for _, line := range strings.Split(v, "\n") {
			for _, w := range developerWords.FindAllString(line, -1) {
				if k := tab + "|" + w; !reported[k] {
					reported[k] = true
					t.Errorf("%s%s shows %q: %s", tab, step, w, strings.TrimSpace(line))
				}
			}
		}
	}
	for _, p := range []string{"olivia", "adam", "rob", "mira", "john", "asa", "jane", "alex", "casey", "eve", "pat", "sam"} {
		ws, err := d.svc.Workspaces(d.ids[p])
		mustNot(t, err)
		sel := d.model(p)
		sel.Update(tea.WindowSizeMsg{Width: 160, Height: 120})
		check(p+" at sign-in", "", sel)
		for _, w := range ws {
			m := d.model(p)
			m.Update(tea.WindowSizeMsg{Width: 160, Height: 120})
			m.Update(enterMsg{id: w.ID})
			if m.state != stWorkspace {
				t.Fatalf("%s could not enter %s: %q", p, w.ID, m.status.Text)
			}
			for i := range m.ws.tabs {
				m.show(i)
				where := fmt.Sprintf("%s in %s, %s", p, w.ID, m.ws.tabs[i].spec.Title)
				check(where, "", m)
				walk(m, "?")
				check(where, " (help)", m)
				walk(m, "?")
				for i, k := range walkKeys {
					walk(m, k)
					check(where, " after "+strings.Join(walkKeys[:i+1], " "), m)
				}
				m.show(i) // enter may have opened another tab
			}
			walk(m, "w")
			check(p+" choosing a workspace", "", m)
		}
	}
	if seen < 500 {
		t.Fatalf("only %d views walked", seen)
	}
}
