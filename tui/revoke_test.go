package tui

import (
	"context"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"

	"behalf/domain"
	"behalf/sshkey"
)

// R5: while pat is inside contact:casey, adam unlinks him. Within a second
// the screen says access ended, nothing of casey remains, and pat is in
// his only remaining workspace.
func TestLiveRevocation(t *testing.T) {
	t.Parallel()
	d := newDemo(t, nil)
	x := d.open("pat")
	x.waitText("Choose a workspace")
	x.press(tea.KeyDown)
	x.press(tea.KeyEnter)
	x.waitText("Acting for Casey Johnson", "✓ payments")

	mustNot(t, d.svc.Unlink(d.as("adam", "team"), "casey", "pat"))

	const ended = "Access to Client: Casey Johnson ended"
	x.waitFor(time.Second, "access ended", func(s string) bool {
		if !strings.Contains(s, ended) || !strings.Contains(s, "Acting for Alex Johnson") {
			return false
		}
		for _, l := range strings.Split(s, "\n") {
			if strings.Contains(l, "Casey") && !strings.Contains(l, ended) {
				return false
			}
		}
		return true
	})
	if h := x.header(); !strings.Contains(h, "Pat Johnson (pat)") || !strings.Contains(h, "Client: Alex Johnson") {
		t.Errorf("header after revocation %q", h)
	}
	// casey has left the selector too.
	x.typ("w")
	x.waitFor(wait, "selector without casey", func(s string) bool {
		return strings.Contains(s, "Choose a workspace") && !strings.Contains(s, "Casey")
	})
}

// R5 with more than one workspace left: pat, also linked to jane, loses
// casey while inside and lands in the selector. A change that leaves his
// workspace standing keeps him inside.
func TestRevocationBackToSelector(t *testing.T) {
	t.Parallel()
	d := newDemo(t, nil)
	x := d.open("pat")
	x.waitText("Choose a workspace")
	x.press(tea.KeyDown)
	x.press(tea.KeyEnter)
	x.waitText("Acting for Casey Johnson")
	_, err := d.svc.LinkContact(d.as("adam", "team"), domain.LinkChange{Client: "jane", Contact: "pat", Perms: "schedule"})
	mustNot(t, err)
	mustNot(t, d.svc.Unlink(d.as("adam", "team"), "casey", "pat"))
	x.waitFor(time.Second, "back in the selector", func(s string) bool {
		return strings.Contains(s, "Access to Client: Casey Johnson ended") && strings.Contains(s, "Choose a workspace") &&
			strings.Contains(s, "Client: Jane Smith") && strings.Contains(s, "Client: Alex Johnson") &&
			!strings.Contains(s, "Acting for")
	})
}

// A change that leaves the open workspace standing keeps the person inside
// and refreshes what the header says (a narrowed link).
func TestChangeRefreshesInPlace(t *testing.T) {
	t.Parallel()
	d := newDemo(t, nil)
	x := d.open("eve")
	x.waitText("Acting for Jane Smith", "✓ billing")
	_, err := d.svc.SetLink(d.as("adam", "team"), domain.LinkChange{Client: "jane", Contact: "eve", Perms: "schedule"})
	mustNot(t, err)
	x.waitFor(time.Second, "billing to go", func(s string) bool {
		return strings.Contains(s, "✗ billing") && !strings.Contains(s, "✓ billing") && strings.Contains(x.header(), "[schedule]")
	})
}

// R6: an account deactivated while signed in leaves nothing on screen.
func TestDeactivatedWhileSignedIn(t *testing.T) {
	t.Parallel()
	d := newDemo(t, nil)
	x := d.open("eve")
	x.waitText("Acting for Jane Smith")
	_, err := d.svc.SetStatus(d.as("adam", "team"), "eve", false)
	mustNot(t, err)
	x.waitFor(time.Second, "signed out", func(s string) bool {
		return strings.Contains(s, "You are signed out") && strings.Contains(s, "deactivated") && !strings.Contains(s, "Jane")
	})
	x.typ("q")
	x.finished()
}

// R5, R46: removing the key an open session signed in with (a lost
// laptop's, from another session) signs that session out at once.
func TestRemovedKeySignsOut(t *testing.T) {
	t.Parallel()
	d := newDemo(t, nil)
	x := d.open("eve")
	x.waitText("Acting for Jane Smith")
	line, fp := ed25519Line(9, "eve@phone")
	k, err := sshkey.Parse(line)
	mustNot(t, err)
	pk, err := d.svc.AddKey(d.as("eve", ""), k)
	mustNot(t, err)
	_, err = d.svc.Redeem(k, "192.0.2.7", pk.Code)
	mustNot(t, err)
	mustNot(t, d.svc.RemoveKey(d.as("eve", ""), testKey("eve").Fingerprint, fp))
	x.waitFor(time.Second, "signed out", func(s string) bool {
		return strings.Contains(s, "You are signed out") && strings.Contains(s, "key this session signed in with was removed") && !strings.Contains(s, "Jane")
	})
}

// R38: a contact link that expires while its workspace is open ends on
// screen by itself, from a one-shot timer — no change announces it.
func TestExpiryEndsOnScreen(t *testing.T) {
	t.Parallel()
	ny, err := time.LoadLocation("America/New_York")
	mustNot(t, err)
	// The service's clock runs with the bubble's from two seconds before
	// midnight in New York, the end of the link's last day.
	base := time.Date(2026, 11, 23, 23, 59, 58, 0, ny)
	var start atomic.Pointer[time.Time]
	d := newDemo(t, func() time.Time {
		if s := start.Load(); s != nil {
			return base.Add(time.Since(*s))
		}
		return base
	})
	_, err = d.svc.SetLink(d.as("adam", "team"), domain.LinkChange{Client: "jane", Contact: "eve", Perms: "schedule,billing", Expires: "2026-11-23"})
	mustNot(t, err)
	inBubble(t, func(ctx context.Context) tea.Model {
		now := time.Now() // the bubble's
		start.Store(&now)
		return New(d.svc, d.sessionIn(ctx, "eve"))
	}, func(x *bubble) {
		defer start.Store(nil)
		x.has("Acting for Jane Smith", "after 2026-11-23")
		if h := strings.SplitN(x.m.View(), "\n", 2)[0]; !strings.Contains(h, "until 2026-11-23") {
			t.Errorf("header %q", h)
		}
		time.Sleep(1500 * time.Millisecond)
		x.settle()
		x.has("Acting for Jane Smith") // not a moment early
		time.Sleep(time.Second)
		x.settle()
		x.has("Access to Client: Jane Smith ended", "You have no workspace")
		if v := x.m.View(); strings.Contains(v, "Acting for") {
			t.Errorf("after the link ended:\n%s", v)
		}
	})
}

// Idle costs nothing: after the first screen no message reaches the model
// (no tick, no blink), however long it waits, and the commands that wait
// end with the session. Typing into the selector's filter (a text input)
// starts no cursor blink either.
func TestIdleSessionIsQuiet(t *testing.T) {
	t.Parallel()
	d := newDemo(t, nil)
	inBubble(t, func(ctx context.Context) tea.Model { return New(d.svc, d.sessionIn(ctx, "pat")) }, func(x *bubble) {
		x.has("Choose a workspace")
		x.idle("the first screen")
		if x.running.Load() == 0 {
			t.Fatal("nothing waits for changes")
		}
		x.keys("/")
		x.has("Filter:")
		x.idle("the selector's filter")
	})
}

// R5: a workspace that went away between the list and the choice is
// refused with the domain's reason, and the list is fresh.
func TestEnterVanishedWorkspace(t *testing.T) {
	t.Parallel()
	d := newDemo(t, nil)
	m := d.model("pat")
	mustNot(t, d.svc.Unlink(d.as("adam", "team"), "casey", "pat"))
	// The change feed has not been read yet: the selector still offers casey.
	if v := m.View(); !strings.Contains(v, "Client: Casey Johnson") {
		t.Fatalf("selector before the feed:\n%s", v)
	}
	_, cmd := m.Update(enterMsg{id: "contact:casey"})
	drain(m, cmd)
	v := m.View()
	if m.state != stSelect || strings.Contains(v, "Casey") || !strings.Contains(v, "you have no workspace") {
		t.Fatalf("after choosing a vanished workspace:\n%s", v)
	}
	checkFits(t, v, 80, 24)
}

// drain runs cmd and feeds what it returns back into m, for commands that
// do not block (never the change-feed wait).
func drain(m *root, cmd tea.Cmd) {
	if cmd == nil {
		return
	}
	switch msg := cmd().(type) {
	case nil:
	case tea.BatchMsg:
		for _, c := range msg {
			drain(m, c)
		}
	default:
		_, next := m.Update(msg)
		drain(m, next)
	}
}

// An admin's open Clients screen shows what another admin just changed:
// team-wide changes reach every team session, not only the people named.
func TestOtherAdminsChangesReachTheTeam(t *testing.T) {
	t.Parallel()
	d := newDemo(t, nil)
	x := d.open("olivia")
	x.waitText("Olivia Owens (olivia)")
	x.tm.Send(GotoMsg{Screen: "clients"})
	x.waitText("Clients · 3 shown")
	_, err := d.svc.AddPerson(d.as("adam", "team"), domain.NewPerson{Handle: "kim", Name: "Kim Kline", Email: "kim@example.com", As: domain.AsClient, Primary: "mira"})
	mustNot(t, err)
	x.waitFor(time.Second, "kim to appear", func(s string) bool {
		return strings.Contains(s, "Kim Kline") && strings.Contains(s, "Clients · 4 shown")
	})
}

// A booking reaches an admin who sees every coach's agenda (schedule_all)
// though nobody names them: the practice-wide channel of the change feed.
func TestBookingsReachWholePracticeViews(t *testing.T) {
	t.Parallel()
	d := newDemo(t, nil)
	x := d.open("adam")
	x.waitText("Adam Alvarez (adam)")
	x.tm.Send(GotoMsg{Screen: "agenda"})
	x.waitText("Agenda")
	_, err := d.svc.BookSession(d.as("rob", "team"), domain.Booking{Client: "jane", Start: "2026-11-24T12:15", Minutes: 30})
	mustNot(t, err)
	// It arrives once the workspace's gathering second is over.
	x.waitFor(5*time.Second, "the booking to appear", func(s string) bool {
		return strings.Contains(s, "12:15–12:45")
	})
}

// Only a workspace that shows every client's practice data listens to the
// practice-wide feed; a permission granted while inside starts it.
func TestPracticeFeedOnlyForWholePracticeViews(t *testing.T) {
	t.Parallel()
	d := newDemo(t, nil)
	adam := practiceModel(t, d, "adam", "", "home") // schedule_all
	rob := practiceModel(t, d, "rob", "", "home")   // his own clients only
	if adam.ws.practice.ch == nil {
		t.Error("adam (schedule_all) does not follow the practice feed")
	}
	if rob.ws.practice.ch != nil {
		t.Error("rob follows the practice feed: every booking would wake him")
	}
	_, err := d.svc.ChangePerms(d.as("olivia", "team"), "rob", true, []string{"schedule_all"})
	mustNot(t, err)
	practiceSend(rob, changeMsg{})
	if rob.ws.practice.ch == nil {
		t.Error("granted schedule_all, rob still does not follow the practice feed")
	}
}

// A burst of practice changes costs a whole-practice workspace a couple of
// reloads, not one each, and the last change still shows a moment later.
func TestPracticeBurstReloadsOnce(t *testing.T) {
	t.Parallel()
	d := newDemo(t, nil)
	inBubble(t, func(ctx context.Context) tea.Model { return New(d.svc, d.sessionIn(ctx, "adam")) }, func(x *bubble) {
		x.send(GotoMsg{Screen: "agenda"})
		x.has("Agenda")
		before := len(x.got)
		for i, start := range []string{"07:00", "07:30", "08:00", "08:30", "09:00"} {
			if i > 0 {
				time.Sleep(40 * time.Millisecond) // the bubble's clock
			}
			_, err := d.svc.BookSession(d.as("rob", "team"), domain.Booking{Client: "jane", Start: "2026-11-25T" + start, Minutes: 30})
			mustNot(t, err)
			x.settle()
		}
		time.Sleep(time.Second)
		x.settle()
		changes := 0
		for _, m := range x.got[before:] {
			if m == "tui.practiceChangeMsg" {
				changes++
			}
		}
		if changes > 2 {
			t.Errorf("five bookings within 160 ms woke the workspace %d times: %v", changes, x.got[before:])
		}
		x.has("07:00–07:30", "09:00–09:30")
	})
}
