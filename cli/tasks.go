package cli

import (
	"time"

	"behalf/domain"
)

func init() {
	register(
		&command{noun: "tasks", verb: "list", maxArgs: 0, summary: "tasks for you and the practitioner you work for",
			flags: []flagSpec{
				{name: "mine", kind: boolf, usage: "only tasks assigned to you"},
				{name: "all", kind: boolf, usage: "every task of the team (manage_coaches)"},
				{name: "open", kind: boolf, usage: "only tasks not done"},
				{name: "before", arg: "ID", usage: "the page before this task"},
				{name: "limit", arg: "N", usage: "at most N tasks (default 50)"},
			}, run: runTasksList},
		&command{noun: "tasks", verb: "add", maxArgs: 0, summary: "make a task and assign it to a team member or an assistant",
			flags: []flagSpec{
				{name: "title", arg: "T", usage: "what is to be done", req: true},
				{name: "assign", arg: "H", usage: "who does it (default: you)"},
				{name: "due", arg: "DATE", usage: "when it is due, YYYY-MM-DD"},
				{name: "client", arg: "H", usage: "the client it concerns"},
			}, run: runTasksAdd},
		&command{noun: "tasks", verb: "done", args: "ID", minArgs: 1, maxArgs: 1, summary: "mark a task done", run: runTasksDone},
	)
}

type taskJSON struct {
	ID           string  `json:"id"`
	Title        string  `json:"title"`
	Assignee     string  `json:"assignee"`
	AssigneeName string  `json:"assignee_name"`
	Client       string  `json:"client,omitempty"`
	Due          *string `json:"due"`
	Done         bool    `json:"done"`
	DoneBy       string  `json:"done_by,omitempty"`
	Overdue      bool    `json:"overdue,omitempty"`
	Author       string  `json:"author"`
	OnBehalfOf   string  `json:"on_behalf_of"`
	By           string  `json:"by"`
	Created      string  `json:"created"`
}

func taskView(v domain.TaskView, loc *time.Location) taskJSON {
	t := taskJSON{ID: v.ID.String(), Title: v.Title, Assignee: v.AssigneeHandle, AssigneeName: v.AssigneeName, Client: v.ClientHandle,
		Done: v.Done, DoneBy: v.DoneBy, Overdue: v.Overdue, Author: v.AuthorHandle, OnBehalfOf: v.BehalfHandle, By: v.By,
		Created: v.Created.In(loc).Format(time.RFC3339)}
	if v.Due != "" {
		d := v.Due
		t.Due = &d
	}
	return t
}

func runTasksList(c *call) error {
	q := domain.TaskQuery{Mine: c.flag("mine"), All: c.flag("all"), Open: c.flag("open")}
	if q.Mine && q.All {
		return usagef(c.cmd, "give --mine or --all, not both")
	}
	pq, err := pageQuery(c)
	if err != nil {
		return err
	}
	q.Before, q.Limit = pq.Before, pq.Limit
	list, err := c.env.Service.Tasks(c.who, q)
	if err != nil {
		return err
	}
	loc := c.loc()
	out := make([]taskJSON, 0, len(list))
	for _, v := range list {
		out = append(out, taskView(v, loc))
	}
	return c.emit(out, func(w *textOut) {
		w.table("No tasks.", "ID", "STATUS", "DUE", "TITLE", "ASSIGNED TO", "CLIENT", "BY")
		for _, t := range out {
			status := "open"
			switch {
			case t.Done:
				status = "done"
			case t.Overdue:
				status = "overdue"
			}
			due := "-"
			if t.Due != nil {
				due = *t.Due
			}
			w.row(t.ID, status, due, t.Title, t.AssigneeName, orDash(t.Client), t.By)
		}
	})
}

func runTasksAdd(c *call) error {
	v, err := c.env.Service.AddTask(c.who, domain.NewTask{Title: c.str("title"), Assign: c.str("assign"), Due: c.str("due"), Client: c.str("client")})
	if err != nil {
		return err
	}
	t := taskView(v, c.loc())
	return c.emit(t, func(w *textOut) {
		w.line("Task " + t.ID + " for " + t.AssigneeName + ": " + t.Title + " (by " + t.By + ").")
	})
}

func runTasksDone(c *call) error {
	id, err := domain.ParseID(c.args[0])
	if err != nil {
		return err
	}
	v, err := c.env.Service.CompleteTask(c.who, id)
	if err != nil {
		return err
	}
	t := taskView(v, c.loc())
	return c.emit(t, func(w *textOut) {
		w.line("Task " + t.ID + " is done: " + t.Title + ".")
	})
}
