package tui_test

import (
	"bytes"
	"context"
	"io"
	"path/filepath"
	"strings"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
	"github.com/muesli/termenv"

	"behalf/cli"
	demoorg "behalf/demo"
	"behalf/domain"
	"behalf/internal/fixture"
	"behalf/internal/hostile"
	"behalf/tui"
)

// poisoned is the demo organisation with one of everything people write,
// every stored text of which then gets hostile.Payload appended straight
// in the file, past all validation.
func poisoned(t *testing.T) (*domain.Service, map[string]domain.ID) {
	t.Helper()
	path := filepath.Join(t.TempDir(), "behalf.db")
	now := func() time.Time { return time.Date(2026, 11, 23, 15, 0, 0, 0, time.UTC) }
	keys := map[string]domain.SSHKey{}
	for _, p := range demoorg.People {
		keys[p.Handle] = domain.SSHKey{Fingerprint: "SHA256:" + p.Handle, Line: "ssh-ed25519 " + p.Handle}
	}
	db, svc := fixture.Demo(t, path, keys, domain.Options{Now: now})
	ids := map[string]domain.ID{}
	for _, p := range demoorg.People {
		who, err := svc.Identify("SHA256:" + p.Handle)
		if err != nil {
			t.Fatal(err)
		}
		ids[p.Handle] = who.ID
	}
	for _, c := range []struct {
		who  string
		args []string
	}{
		{"rob", []string{"comments", "add", "--client", "jane", "--body", "Comment by rob"}},
		{"rob", []string{"messages", "send", "--client", "jane", "--body", "Message to jane"}},
		{"jane", []string{"messages", "send", "--body", "Message from jane"}},
		{"rob", []string{"tasks", "add", "--title", "Task for rob", "--client", "jane"}},
		{"rob", []string{"notes", "add", "--client", "jane", "--body", "Private note"}},
		{"rob", []string{"progress", "add", "--client", "jane", "--body", "Progress update"}},
		{"rob", []string{"account", "set", "--signature", "Rob R., coach"}},
		{"olivia", []string{"packages", "define", "--name", "Gold", "--sessions", "5", "--price", "500", "--days", "90"}},
		{"olivia", []string{"invoices", "issue", "--client", "jane", "--item", "Coaching session=150"}},
	} {
		var out, errb bytes.Buffer
		if code := cli.Run(cli.Env{Service: svc, Person: ids[c.who], Stdout: &out, Stderr: &errb}, c.args); code != 0 {
			t.Fatalf("%s %v: exit %d: %s", c.who, c.args, code, errb.String())
		}
	}
	db.Close()
	if n, err := hostile.Poison(path); err != nil || n < 50 {
		t.Fatalf("poisoned %d fields: %v", n, err)
	}
	db = fixture.Open(t, path)
	return domain.NewService(db, domain.Options{Now: now}), ids
}

// drive runs m the way a program would, but synchronously: each key's
// commands (and theirs) run to completion before the next key, and the
// screen is drawn after every key. A command still blocked after a moment
// (the change-feed wait, the expiry timer) is left behind; it ends with
// the session's context.
func drive(m tea.Model, keys []tea.KeyMsg, draw func(string)) {
	var run func(cmd tea.Cmd, depth int)
	run = func(cmd tea.Cmd, depth int) {
		if cmd == nil || depth > 10 {
			return
		}
		done := make(chan tea.Msg, 1)
		go func() { done <- cmd() }()
		var msg tea.Msg
		select {
		case msg = <-done:
		case <-time.After(200 * time.Millisecond):
			return
		}
		switch msg := msg.(type) {
		case nil:
		case tea.BatchMsg:
			for _, c := range msg {
				run(c, depth+1)
			}
		default:
			var next tea.Cmd
			m, next = m.Update(msg)
			run(next, depth+1)
		}
	}
	m, _ = m.Update(tea.WindowSizeMsg{Width: 160, Height: 45})
	run(m.Init(), 0)
	draw(m.View())
	for _, k := range keys {
		var cmd tea.Cmd
		m, cmd = m.Update(k)
		run(cmd, 0)
		draw(m.View())
	}
}

// walkKeys goes through every tab of up to two workspaces; on each tab
// it opens the first row (enter: a client's file, an invoice…),
// moves to each part of what opened (→), opens the first entry there
// (↓, enter) and backs out (esc, esc). It never presses q or ctrl+c, nor
// the keys that add or delete.
func walkKeys() []tea.KeyMsg {
	k := func(t tea.KeyType) tea.KeyMsg { return tea.KeyMsg{Type: t} }
	r := func(c rune) tea.KeyMsg { return tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune{c}} }
	var keys []tea.KeyMsg
	for ws := 0; ws < 2; ws++ {
		keys = append(keys, k(tea.KeyEnter))
		for tab := 0; tab < 14; tab++ {
			keys = append(keys, r('1'))
			for i := 0; i < tab; i++ {
				keys = append(keys, k(tea.KeyTab))
			}
			for row := 0; row < 1; row++ {
				for part := 0; part < 7; part++ {
					keys = append(keys, k(tea.KeyEnter))
					for i := 0; i < part; i++ {
						keys = append(keys, k(tea.KeyRight))
					}
					keys = append(keys, k(tea.KeyDown), k(tea.KeyEnter), k(tea.KeyEsc), k(tea.KeyEsc))
				}
				keys = append(keys, k(tea.KeyDown))
			}
		}
		keys = append(keys, r('?'), k(tea.KeyEsc), r('w'))
		for i := 0; i <= ws; i++ {
			keys = append(keys, k(tea.KeyDown))
		}
	}
	return keys
}

// Terminal injection, first layer: the screens themselves clean stored
// text (the session's output filter is not in play here). Demo people of
// every kind of workspace walk the real screens — whatever screens are
// registered — through every workspace, tab and part (walkKeys), and each
// screen drawn is searched for control strings, C1 and bidi controls, and
// any fragment of the payload (a CSI from stored text would leave one).
func TestScreensCleanStoredText(t *testing.T) {
	t.Parallel()
	svc, ids := poisoned(t)
	walk := walkKeys()
	people := []string{"olivia", "rob", "asa", "jane", "pat", "eve"}
	if raceBuild { // see walk_race_test.go; `make test` walks everyone without it
		people = []string{"olivia", "asa", "pat"} // team, assistant, contact of two
	}
	for _, who := range people {
		t.Run(who, func(t *testing.T) {
			t.Parallel()
			ctx, cancel := context.WithCancel(context.Background())
			defer cancel()
			r := lipgloss.NewRenderer(io.Discard, termenv.WithProfile(termenv.TrueColor))
			m := tui.New(svc, tui.Session{Ctx: ctx, Person: ids[who], Key: domain.SSHKey{Fingerprint: "SHA256:" + who},
				Addr: "127.0.0.1", Renderer: r, Width: 160, Height: 45})
			shown, failed := false, false
			drive(m, walk, func(screen string) {
				if err := hostile.CheckTerminal([]byte(screen)); err != nil && !failed {
					t.Errorf("%s's screen drew %v; the screen:\n%s", who, err, screen)
					failed = true
				}
				shown = shown || strings.Contains(screen, hostile.Visible)
			})
			if !shown {
				t.Errorf("%s never saw the poisoned text: the test proves little", who)
			}
		})
	}
}
