package cli

import (
	"time"

	"behalf/domain"
)

func init() {
	page := []flagSpec{
		{name: "before", arg: "ID", usage: "the page before this one"},
		{name: "limit", arg: "N", usage: "at most N (default 50)"},
	}
	register(
		&command{noun: "comments", verb: "list", maxArgs: 0, summary: "staff comments on a client file (never shown to the client)",
			flags: append([]flagSpec{{name: "client", arg: "H", usage: "the client", req: true}}, page...), run: runCommentsList},
		&command{noun: "comments", verb: "add", maxArgs: 0, summary: "add a staff comment to a client file",
			flags: []flagSpec{
				{name: "client", arg: "H", usage: "the client", req: true},
				{name: "body", arg: "TEXT", usage: "the comment", req: true},
			}, run: runCommentsAdd},
		&command{noun: "messages", verb: "list", maxArgs: 0, summary: "a client's conversation with the team",
			flags: append([]flagSpec{{name: "client", arg: "H", usage: "the client (in me: yourself)"}}, page...), run: runMessagesList},
		&command{noun: "messages", verb: "send", maxArgs: 0, summary: "send a message in a client's conversation",
			flags: []flagSpec{
				{name: "client", arg: "H", usage: "the client (in me: yourself)"},
				{name: "body", arg: "TEXT", usage: "the message", req: true},
			}, run: runMessagesSend},
	)
}

// pageQuery reads --before and --limit.
func pageQuery(c *call) (domain.PageQuery, error) {
	var q domain.PageQuery
	if c.set("before") {
		id, err := domain.ParseID(c.str("before"))
		if err != nil {
			return q, err
		}
		q.Before = id
	}
	if c.set("limit") {
		n, err := parseCount(c, "limit", 1, domain.MaxPage)
		if err != nil {
			return q, err
		}
		q.Limit = n
	}
	return q, nil
}

type commentJSON struct {
	ID         string `json:"id"`
	Client     string `json:"client"`
	Author     string `json:"author"`
	OnBehalfOf string `json:"on_behalf_of"`
	By         string `json:"by"`
	Body       string `json:"body"`
	At         string `json:"at"`
}

func commentView(v domain.CommentView, loc *time.Location) commentJSON {
	return commentJSON{ID: v.ID.String(), Client: v.ClientHandle, Author: v.AuthorHandle, OnBehalfOf: v.BehalfHandle,
		By: v.By, Body: v.Body, At: v.At.In(loc).Format(time.RFC3339)}
}

func runCommentsList(c *call) error {
	q, err := pageQuery(c)
	if err != nil {
		return err
	}
	list, err := c.env.Service.Comments(c.who, c.str("client"), q)
	if err != nil {
		return err
	}
	loc := c.loc()
	out := make([]commentJSON, 0, len(list))
	for _, v := range list {
		out = append(out, commentView(v, loc))
	}
	return c.emit(out, func(w *textOut) {
		if len(out) == 0 {
			w.line("No staff comments on this file yet.")
		}
		for _, v := range list {
			w.line("#" + v.ID.String() + "  " + v.At.In(loc).Format("2006-01-02 15:04") + "  " + v.By)
			w.para(v.Body)
		}
	})
}

func runCommentsAdd(c *call) error {
	v, err := c.env.Service.AddComment(c.who, c.str("client"), c.str("body"))
	if err != nil {
		return err
	}
	out := commentView(v, c.loc())
	return c.emit(out, func(w *textOut) {
		w.line("Comment " + out.ID + " added to " + out.Client + "'s file by " + out.By + ".")
	})
}

type messageJSON struct {
	ID             string `json:"id"`
	Client         string `json:"client"`
	FromClient     bool   `json:"from_client"`
	Sender         string `json:"sender"`
	SenderName     string `json:"sender_name"`
	SenderRole     string `json:"sender_role"`
	OnBehalfOf     string `json:"on_behalf_of"`
	OnBehalfOfName string `json:"on_behalf_of_name,omitempty"`
	Signature      string `json:"signature,omitempty"`
	Body           string `json:"body"`
	At             string `json:"at"`
}

func messageView(v domain.MessageView, loc *time.Location) messageJSON {
	return messageJSON{ID: v.ID.String(), Client: v.ClientHandle, FromClient: v.FromClient, Sender: v.AuthorHandle, SenderName: v.Sender, SenderRole: string(v.From.As),
		OnBehalfOf: v.BehalfHandle, OnBehalfOfName: v.OnBehalfOf, Signature: v.Signature, Body: v.Body, At: v.At.In(loc).Format(time.RFC3339)}
}

func runMessagesList(c *call) error {
	q, err := pageQuery(c)
	if err != nil {
		return err
	}
	list, err := c.env.Service.Messages(c.who, c.str("client"), q)
	if err != nil {
		return err
	}
	loc := c.loc()
	out := make([]messageJSON, 0, len(list))
	for _, v := range list {
		out = append(out, messageView(v, loc))
	}
	return c.emit(out, func(w *textOut) {
		if len(out) == 0 {
			w.line("No messages yet.")
		}
		for i, m := range out {
			w.line("#" + m.ID + "  " + list[i].At.In(loc).Format("2006-01-02 15:04") + "  from " + list[i].From.Label())
			w.para(m.Body)
			if m.Signature != "" {
				w.line("    — " + m.Signature)
			}
		}
	})
}

func runMessagesSend(c *call) error {
	v, err := c.env.Service.SendMessage(c.who, c.str("client"), c.str("body"))
	if err != nil {
		return err
	}
	out := messageView(v, c.loc())
	return c.emit(out, func(w *textOut) {
		w.line("Sent to " + out.Client + "'s conversation as " + v.From.Label() + ".")
	})
}
