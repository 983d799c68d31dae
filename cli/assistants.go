package cli

import (
	"behalf/domain"
)

func init() {
	pair := []flagSpec{
		{name: "assistant", arg: "H", usage: "the assistant", req: true},
		{name: "practitioner", arg: "H", usage: "the team member they manage", req: true},
	}
	register(
		&command{noun: "assistants", verb: "list", maxArgs: 0, summary: "which assistants manage which practitioners", run: runAssistantsList},
		&command{noun: "assistants", verb: "link", maxArgs: 0, summary: "let an assistant manage a practitioner (a new workspace for them)", flags: pair, run: runAssistantsLink},
		&command{noun: "assistants", verb: "unlink", maxArgs: 0, summary: "stop an assistant managing a practitioner (the workspace ends at once)", flags: pair, run: runAssistantsUnlink},
	)
}

type assistantJSON struct {
	ID               string `json:"id"`
	Assistant        string `json:"assistant"`
	AssistantName    string `json:"assistant_name"`
	Practitioner     string `json:"practitioner"`
	PractitionerName string `json:"practitioner_name"`
	Workspace        string `json:"workspace"`
	AdminLevel       bool   `json:"admin_level"`
}

func assistantView(v domain.AssistantView) assistantJSON {
	return assistantJSON{ID: v.Link.ID.String(), Assistant: v.Assistant.Handle, AssistantName: v.Assistant.Name,
		Practitioner: v.Practitioner.Handle, PractitionerName: v.Practitioner.Name,
		Workspace: "assistant:" + v.Practitioner.Handle, AdminLevel: v.AdminLevel}
}

func adminText(admin bool) string {
	if admin {
		return "admin-level"
	}
	return "without admin-level access"
}

func runAssistantsList(c *call) error {
	links, err := c.env.Service.ListAssistants(c.who)
	if err != nil {
		return err
	}
	out := make([]assistantJSON, 0, len(links))
	for _, l := range links {
		out = append(out, assistantView(l))
	}
	return c.emit(out, func(w *textOut) {
		w.table("No assistants.", "ASSISTANT", "MANAGES", "ACCESS")
		for _, l := range out {
			w.row(l.Assistant+" ("+l.AssistantName+")", l.Practitioner+" ("+l.PractitionerName+")", adminText(l.AdminLevel))
		}
	})
}

func runAssistantsLink(c *call) error {
	v, err := c.env.Service.LinkAssistant(c.who, c.str("assistant"), c.str("practitioner"))
	if err != nil {
		return err
	}
	out := assistantView(v)
	return c.emit(out, func(w *textOut) {
		w.line("Linked: " + out.AssistantName + " now manages " + out.PractitionerName + ", in a workspace of their own (" + adminText(out.AdminLevel) + ").")
	})
}

func runAssistantsUnlink(c *call) error {
	if err := c.env.Service.UnlinkAssistant(c.who, c.str("assistant"), c.str("practitioner")); err != nil {
		return err
	}
	return c.emit(map[string]any{"assistant": c.str("assistant"), "practitioner": c.str("practitioner"), "unlinked": true}, func(w *textOut) {
		w.line(c.str("assistant") + " no longer manages " + c.str("practitioner") + "; that workspace is gone.")
	})
}
