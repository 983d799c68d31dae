package cli

import (
	"strings"

	"behalf/domain"
)

func init() {
	register(
		&command{noun: "audit", verb: "list", maxArgs: 0, summary: "what changed, who did it, on whose behalf (newest first)",
			flags: []flagSpec{
				{name: "person", arg: "H", usage: "entries by or about this person"},
				{name: "client", arg: "H", usage: "entries concerning this client"},
				{name: "before", arg: "ID", usage: "the page before this entry"},
				{name: "limit", arg: "N", usage: "at most N entries (default 50)"},
			}, run: runAuditList},
		&command{noun: "explain", maxArgs: 0, summary: "why a person may or may not do something",
			flags: []flagSpec{
				{name: "person", arg: "H", usage: "whose access", req: true},
				{name: "action", arg: "ACTION", usage: "a command, e.g. \"sessions book\" (or sessions.book)", req: true},
				{name: "client", arg: "H", usage: "the client concerned"},
				{name: "as", arg: "WS", usage: "the workspace they act in (default: their first)"},
			}, run: runExplain},
	)
}

func runAuditList(c *call) error {
	f := domain.AuditFilter{Person: c.str("person"), Client: c.str("client")}
	if c.set("before") {
		id, err := domain.ParseID(c.str("before"))
		if err != nil {
			return err
		}
		f.Before = id
	}
	if c.set("limit") {
		n, err := parseCount(c, "limit", 1, domain.MaxPage)
		if err != nil {
			return err
		}
		f.Limit = n
	}
	entries, err := c.env.Service.Audit(c.who, f)
	if err != nil {
		return err
	}
	loc := c.loc()
	out := make([]auditJSON, 0, len(entries))
	for _, e := range entries {
		out = append(out, auditView(e, loc))
	}
	return c.emit(out, func(w *textOut) {
		w.table("Nothing in the log here.", "ID", "AT", "WHO", "WHAT")
		for _, e := range entries {
			actor := e.ActorHandle
			if e.By.Hidden() {
				actor = e.By.Name // someone this client does not see (R14)
			}
			what := e.Summary()
			if where := domain.WorkspaceWords(e.Workspace); where != "" {
				what += " (" + where + ")"
			}
			w.row(e.ID.String(), e.At.In(loc).Format(domain.WallLayout), actor, what)
		}
	})
}

func orDash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}

func runExplain(c *call) error {
	// "sessions book" as typed, or the action id sessions.book.
	action := strings.Join(strings.Fields(c.str("action")), ".")
	d, ws, err := c.env.Service.Explain(c.who, domain.ExplainQuery{
		Person: c.str("person"), Action: action, Client: c.str("client"), Workspace: c.str("as"),
	})
	if err != nil {
		return err
	}
	v := struct {
		Person    string `json:"person"`
		Workspace string `json:"workspace"`
		Action    string `json:"action"`
		Allowed   bool   `json:"allowed"`
		Reason    string `json:"reason"`
	}{c.str("person"), ws, action, d.Allowed, d.Reason}
	return c.emit(v, func(w *textOut) {
		verdict := "denied"
		if d.Allowed {
			verdict = "allowed"
		}
		where := domain.WorkspaceWords(ws)
		if where == "" {
			where = "in no workspace"
		}
		w.line(v.Person + ", " + where + ": `" + strings.ReplaceAll(v.Action, ".", " ") + "` is " + verdict + " — " + d.Reason)
	})
}
