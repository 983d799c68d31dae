package tui

import (
	"strings"
	"testing"

	tea "github.com/charmbracelet/bubbletea"

	"behalf/domain"
)

// A form's placeholders read as examples ("e.g. jdoe"), never as values;
// typing past a field's limit (the domain's) is refused with a line, a
// paste too long refused whole; a value the domain refuses takes the
// focus to its field.
func TestFormExamplesLimitsAndFaults(t *testing.T) {
	t.Parallel()
	d := newDemo(t, nil)
	m := practiceModel(t, d, "adam", "", "clients")
	practicePress(m, "a")
	practiceHas(t, practiceView(t, m), "Add a client", "Handle e.g. jdoe", "Name e.g. Jane Doe", "Email e.g. jane@example.com")

	long := strings.Repeat("x", domain.MaxHandleLen)
	practicePress(m, long, "y")
	v := practiceView(t, m)
	practiceHas(t, v, long, "at most 32 characters here")
	practiceLacks(t, v, long+"y")
	practicePress(m, "bs")
	practiceLacks(t, practiceView(t, m), "at most 32 characters") // the line goes with the next change
	practicePress(m, "ctrl+u")
	practiceSend(m, tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune(strings.Repeat("z", domain.MaxHandleLen+1)), Paste: true})
	v = practiceView(t, m)
	practiceHas(t, v, "at most 32 characters here")
	practiceLacks(t, v, "zzz")

	// jane's email is taken: the focus goes from the handle to the email.
	practicePress(m, "kim", "tab", "Kim Lee", "tab", "jane@example.com", "shift+tab", "shift+tab", "ctrl+s")
	v = practiceView(t, m)
	practiceHas(t, v, "already uses jane@example.com", "▸ Email")
	if id := m.screen().(*clientsScreen).pane.(*form).focusID(); id != "email" {
		t.Errorf("focus on %q after the refusal, want email", id)
	}
}

// The invitation flow finds a refused contact's fields though empty
// sections were not sent.
func TestInviteFlowFieldOfAContact(t *testing.T) {
	t.Parallel()
	fl := &inviteClientFlow{sent: []int{1, 3}}
	for name, want := range map[string]string{"contacts.2.email": "c3.email", "contacts.1.handle": "c1.handle", "email": "email", "contacts.9.email": "contacts.9.email"} {
		if got := fl.fieldFor(name); got != want {
			t.Errorf("%s: %s, want %s", name, got, want)
		}
	}
}

// A text written in the file's box is refused past the domain's limit,
// with a line, not cut.
func TestComposerRefusesPastItsLimit(t *testing.T) {
	t.Parallel()
	d := newDemo(t, nil)
	m := d.model("rob")
	tc := newTextComposer(m.Common, "New note", "", func(string) (string, error) { return "saved", nil })
	tc.setSize(80, 20)
	tc.update(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune(strings.Repeat("a", domain.MaxTextLen-1))})
	tc.update(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune("bc"), Paste: true})
	if n := len(tc.ta.Value()); n != domain.MaxTextLen-1 || !strings.Contains(tc.err, "at most 4000 characters") {
		t.Fatalf("a paste past the limit: %d characters kept, line %q", n, tc.err)
	}
	tc.update(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune("b")})
	if n := len(tc.ta.Value()); n != domain.MaxTextLen {
		t.Fatalf("up to the limit: %d characters", n)
	}
}

// R46: the screens' colours are the person's own setting, on the account
// screen: saved through the domain, in effect at once.
func TestAccountScreenSetsTheme(t *testing.T) {
	t.Parallel()
	d := newDemo(t, nil)
	m := practiceModel(t, d, "jane", "", "account")
	practiceHas(t, practiceView(t, m), "Colours auto: as the terminal says")
	if !m.Renderer.HasDarkBackground() {
		t.Fatal("auto on a terminal that said nothing: dark")
	}
	practicePress(m, "e", "tab", "tab", "tab")
	practiceHas(t, practiceView(t, m), "▸ Colours")
	practicePress(m, "right", "right", "ctrl+s")
	if th := d.person("jane").Theme; th != domain.ThemeLight {
		t.Fatalf("saved theme %q\n%s", th, practiceView(t, m))
	}
	practiceSend(m, changeMsg{}) // what the change feed delivers
	practiceHas(t, practiceView(t, m), "Colours for a light background")
	if m.Renderer.HasDarkBackground() {
		t.Error("light chosen, but the session still draws for a dark background")
	}
	if m.Styles.styleSet != sharedStyles(m.Renderer.ColorProfile(), false) || m.selector.Styles != m.Styles {
		t.Error("light chosen, but the screens' styles are still the dark ones")
	}
	practiceSend(m, backgroundMsg{dark: true}) // the terminal's answer does not overrule the person
	if m.Renderer.HasDarkBackground() {
		t.Error("a chosen theme gave way to the terminal's answer")
	}
}
