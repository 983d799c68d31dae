package cli

import (
	"strconv"
	"time"

	"behalf/domain"
)

func init() {
	register(
		&command{noun: "inbox", verb: "list", maxArgs: 0, summary: "your notifications in this workspace, newest first",
			flags: []flagSpec{
				{name: "unread", kind: boolf, usage: "only unread ones"},
				{name: "before", arg: "ID", usage: "the page before this item"},
				{name: "limit", arg: "N", usage: "at most N items (default 50)"},
			}, run: runInboxList},
		&command{noun: "inbox", verb: "read", args: "[ID]", maxArgs: 1, summary: "mark one item read, or --all of this workspace's",
			flags: []flagSpec{{name: "all", kind: boolf, usage: "every unread item"}}, run: runInboxRead},
	)
}

type inboxJSON struct {
	ID     string `json:"id"`
	At     string `json:"at"`
	Event  string `json:"event"`
	Text   string `json:"text"`
	By     string `json:"by,omitempty"`
	ByRole string `json:"by_role,omitempty"`
	Client string `json:"client,omitempty"`
	For    string `json:"for,omitempty"`
	Read   bool   `json:"read"`
}

func runInboxList(c *call) error {
	pq, err := pageQuery(c)
	if err != nil {
		return err
	}
	items, err := c.env.Service.Inbox(c.who, domain.InboxQuery{Unread: c.flag("unread"), Before: pq.Before, Limit: pq.Limit})
	if err != nil {
		return err
	}
	loc := c.loc()
	out := make([]inboxJSON, 0, len(items))
	for _, v := range items {
		j := inboxJSON{ID: v.Item.ID.String(), At: v.Item.At.In(loc).Format(time.RFC3339), Event: string(v.Item.Event), Text: v.Item.Text, By: v.Item.By, Read: v.Item.Read}
		if v.By != nil {
			j.ByRole = string(v.By.As)
		}
		if v.About != nil {
			j.Client = v.About.Handle
		}
		if v.For != nil {
			j.For = v.For.Handle
		}
		out = append(out, j)
	}
	return c.emit(out, func(w *textOut) {
		if len(out) == 0 {
			w.line("Nothing in your inbox here.")
			return
		}
		w.row("ID", "", "AT", "EVENT", "TEXT", "BY")
		for i, it := range out {
			mark := "*"
			if it.Read {
				mark = ""
			}
			w.row(it.ID, mark, items[i].Item.At.In(loc).Format("2006-01-02 15:04"), it.Event, it.Text, orDash(it.By))
		}
	})
}

func runInboxRead(c *call) error {
	var id domain.ID
	switch {
	case c.flag("all") && len(c.args) > 0:
		return usagef(c.cmd, "give an ID or --all, not both")
	case c.flag("all"):
	case len(c.args) == 1:
		var err error
		if id, err = domain.ParseID(c.args[0]); err != nil {
			return err
		}
	default:
		return usagef(c.cmd, "give the ID of an item, or --all")
	}
	n, err := c.env.Service.MarkRead(c.who, id)
	if err != nil {
		return err
	}
	return c.emit(map[string]any{"marked_read": n}, func(w *textOut) {
		w.line("Marked " + strconv.Itoa(n) + " read.")
	})
}
