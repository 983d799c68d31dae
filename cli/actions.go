package cli

import (
	"time"

	"behalf/domain"
)

func init() {
	register(
		&command{noun: "actions", verb: "list", maxArgs: 0, summary: "actions assigned to clients, newest first (never shown to contacts)",
			flags: []flagSpec{
				{name: "client", arg: "H", usage: "only this client's actions (in me: yours)"},
				{name: "status", arg: "S", usage: "open or done"},
				{name: "before", arg: "ID", usage: "the page older than this action"},
				{name: "limit", arg: "N", usage: "at most N (default 50)"},
			}, run: runActionsList},
		&command{noun: "actions", verb: "add", maxArgs: 0, summary: "assign an action to a client (coaching access)",
			flags: []flagSpec{
				{name: "client", arg: "H", usage: "the client", req: true},
				{name: "title", arg: "T", usage: "what the client commits to, one line", req: true},
				{name: "due", arg: "DATE", usage: "when it is due, YYYY-MM-DD"},
				{name: "details", arg: "TEXT", usage: "more about it, up to 4000 characters"},
			}, run: runActionsAdd},
		&command{noun: "actions", verb: "done", args: "ID", minArgs: 1, maxArgs: 1, summary: "mark your action done (the client)",
			flags: []flagSpec{{name: "note", arg: "TEXT", usage: "a word about how it went"}}, run: runActionsDone},
		&command{noun: "actions", verb: "reopen", args: "ID", minArgs: 1, maxArgs: 1, summary: "open a done action again", run: runActionsReopen},
		&command{noun: "actions", verb: "edit", args: "ID", minArgs: 1, maxArgs: 1, summary: "change an open action's title, due date or details (coaching access)",
			flags: []flagSpec{
				{name: "title", arg: "T", usage: "the new title"},
				{name: "due", arg: "DATE", usage: "the new due date, YYYY-MM-DD; empty: none"},
				{name: "details", arg: "TEXT", usage: "the new details; empty: none"},
			}, run: runActionsEdit},
	)
}

type actionJSON struct {
	ID             string  `json:"id"`
	Client         string  `json:"client"`
	Title          string  `json:"title"`
	Details        string  `json:"details"`
	Due            *string `json:"due"`
	Status         string  `json:"status"`
	Overdue        bool    `json:"overdue"`
	DoneNote       string  `json:"done_note"`
	DoneAt         *string `json:"done_at"`
	AssignedBy     string  `json:"assigned_by"` // a handle; "" for the organisation
	AssignedByName string  `json:"assigned_by_name"`
	AssignedByRole string  `json:"assigned_by_role"`
	For            string  `json:"for"` // the practitioner an assistant assigned it for
	Created        string  `json:"created"`
}

func actionView(v domain.ActionView, loc *time.Location) actionJSON {
	a := v.Item
	j := actionJSON{ID: a.ID.String(), Client: v.Client.Handle, Title: a.Title, Details: a.Details, Status: a.Status(), Overdue: v.Overdue,
		DoneNote: a.DoneNote, AssignedBy: v.AssignedBy.Handle, AssignedByName: v.AssignedBy.Name, AssignedByRole: string(v.AssignedBy.As),
		Created: v.Created.Format(time.RFC3339)}
	if a.Due != "" {
		d := a.Due
		j.Due = &d
	}
	if a.Done {
		d := a.DoneAt.In(loc).Format(time.RFC3339)
		j.DoneAt = &d
	}
	if v.AssignedBy.For != nil {
		j.For = v.AssignedBy.For.Handle
	}
	return j
}

// actionStatusWords is an action's status for people.
func actionStatusWords(v domain.ActionView) string {
	switch {
	case v.Item.Done:
		return "done"
	case v.Overdue:
		return "overdue"
	}
	return "open"
}

func runActionsList(c *call) error {
	f := domain.ActionFilter{Client: c.str("client"), Status: c.str("status")}
	var err error
	if f.Before, f.Limit, err = c.pageFlags(); err != nil {
		return err
	}
	list, err := c.env.Service.ListActions(c.who, f)
	if err != nil {
		return err
	}
	loc := c.loc()
	out := make([]actionJSON, 0, len(list))
	for _, v := range list {
		out = append(out, actionView(v, loc))
	}
	return c.emit(out, func(w *textOut) {
		if len(list) == 0 {
			w.line("No actions.")
			return
		}
		w.row("ID", "CLIENT", "STATUS", "DUE", "TITLE", "ASSIGNED BY")
		for _, v := range list {
			w.row(v.Item.ID.String(), v.Client.Handle, actionStatusWords(v), orDash(v.Item.Due), v.Item.Title, v.AssignedBy.Label())
		}
	})
}

func (c *call) emitAction(v domain.ActionView, say string) error {
	return c.emit(actionView(v, c.loc()), func(w *textOut) {
		line := say + ": action " + v.Item.ID.String() + " for " + v.Client.Handle + ", " + v.Item.Title
		if v.Item.Due != "" {
			line += ", due " + v.Item.Due
		}
		w.line(line + " (" + actionStatusWords(v) + ").")
	})
}

func runActionsAdd(c *call) error {
	v, err := c.env.Service.AddAction(c.who, domain.NewAction{Client: c.str("client"), Title: c.str("title"), Due: c.str("due"), Details: c.rawFlag("details")})
	if err != nil {
		return err
	}
	return c.emitAction(v, "Assigned")
}

func runActionsDone(c *call) error {
	id, err := c.idArg()
	if err != nil {
		return err
	}
	v, err := c.env.Service.CompleteAction(c.who, id, c.rawFlag("note"))
	if err != nil {
		return err
	}
	return c.emitAction(v, "Done")
}

func runActionsReopen(c *call) error {
	id, err := c.idArg()
	if err != nil {
		return err
	}
	v, err := c.env.Service.ReopenAction(c.who, id)
	if err != nil {
		return err
	}
	return c.emitAction(v, "Reopened")
}

func runActionsEdit(c *call) error {
	id, err := c.idArg()
	if err != nil {
		return err
	}
	var in domain.ActionEdit
	for name, field := range map[string]**string{"title": &in.Title, "due": &in.Due, "details": &in.Details} {
		if c.set(name) {
			v := c.rawFlag(name)
			*field = &v
		}
	}
	v, err := c.env.Service.EditAction(c.who, id, in)
	if err != nil {
		return err
	}
	return c.emitAction(v, "Changed")
}
