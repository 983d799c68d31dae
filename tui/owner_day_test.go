package tui

import (
	"testing"

	"behalf/domain"
)

// Issue 14, done when: the owner runs the practice for a day on screens
// alone — adds a coach and an assistant for them, invites a family, pairs,
// grants a permission and messages the client — and the domain holds
// every change.
func TestOwnersDayWithoutCommands(t *testing.T) {
	t.Parallel()
	d := newDemo(t, nil)
	x := openIn(d, "olivia", "", "team", "Team")

	x.keys("a") // a coach
	x.waitText("Add a team member")
	x.keys("tab", "Nia Noor", "tab", "nia", "tab", "nia@example.com", "ctrl+s")
	x.waitText("Nia Noor (nia) is added")
	x.keys("enter")

	x.tm.Send(GotoMsg{Screen: "assistants"}) // an assistant for her
	x.waitText("Assistants and whom they manage")
	x.keys("a")
	x.waitText("Add an assistant", "Nia Noor (nia)")
	x.keys("Ola Obi", "tab", "ola", "tab", "ola@example.com", "tab", "tab", // on adam
		"tab", "tab", "tab", "space", "ctrl+s") // adam, john, mira, nia
	x.waitText("Ola Obi (ola) is added", "manages Nia Noor (nia)")
	x.keys("enter")

	x.tm.Send(GotoMsg{Screen: "contacts"}) // a family: a client and a parent
	x.waitText("Who may act for which client")
	x.keys("i")
	x.waitText("Invite a new client with their contacts", "Contact 1")
	x.keys("Kai Kent", "tab", "kai", "tab", "kai@example.com", "tab", "nia", "tab", "tab",
		"lee@example.com", "tab", "Lee Kent", "tab", "lee", "tab", "space", "ctrl+s") // schedule
	x.waitText("Kai Kent (kai) is invited", "Lee Kent (lee)", "acts for Kai Kent: schedule")
	x.keys("enter")

	x.tm.Send(GotoMsg{Screen: "pairing", Payload: PairingForMsg{Client: "kai"}}) // mira coaches too
	x.waitText("Pairing · by client: Kai Kent (kai)", "Mira Moss (mira)")
	x.keys("down", "c") // john, then mira
	x.waitText("Saved: Mira Moss has coaching access to Kai Kent")

	x.tm.Send(GotoMsg{Screen: "team"}) // nia may schedule her own sessions
	x.waitText("Nia Noor (nia)")
	x.keys("down", "down", "down", "enter") // adam, john, mira, nia
	x.waitText("Nia Noor (nia) · permissions and role")
	x.keys("space")
	x.waitText("Saved: granted schedule_own to Nia Noor")
	x.keys("esc")

	x.tm.Send(GotoMsg{Screen: "file", Payload: OpenClientMsg{Handle: "kai"}}) // a word to the client
	x.waitText("Kai Kent (kai)")
	x.keys("left", "left", "left", "left", "left") // messages, before actions and metrics
	x.waitText("no messages yet")
	x.keys("n", "Welcome, Kai: Nia will be your coach.", "ctrl+s")
	x.waitText("Message sent to Kai Kent")

	olivia := d.as("olivia", "team")
	if p := d.person("nia"); !p.IsCoach() || !p.Perms.Has(domain.PermScheduleOwn) {
		t.Errorf("nia: coach=%v perms=%v", p.IsCoach(), p.Perms)
	}
	levels := d.levels("kai")
	if levels["nia"] != domain.LevelPrimary || levels["mira"] != domain.LevelCoaching {
		t.Errorf("kai's coaches: %v", levels)
	}
	links, err := d.svc.ListLinks(olivia, "kai")
	mustNot(t, err)
	if len(links) != 1 || links[0].Contact.Handle != "lee" || links[0].Link.Perms.Strings()[0] != "schedule" {
		t.Errorf("kai's contacts: %+v", links)
	}
	as, err := d.svc.ListAssistants(olivia)
	mustNot(t, err)
	found := false
	for _, a := range as {
		found = found || a.Assistant.Handle == "ola" && a.Practitioner.Handle == "nia"
	}
	if !found {
		t.Error("ola does not manage nia")
	}
	ms, err := d.svc.Messages(olivia, "kai", domain.PageQuery{})
	mustNot(t, err)
	if len(ms) != 1 || ms[0].Body != "Welcome, Kai: Nia will be your coach." {
		t.Errorf("the conversation with kai: %+v", ms)
	}
}
