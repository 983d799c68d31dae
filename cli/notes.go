package cli

import (
	"time"

	"behalf/domain"
)

func init() {
	page := []flagSpec{
		{name: "before", arg: "ID", usage: "the page older than this id"},
		{name: "limit", arg: "N", usage: "at most N (default 50)"},
	}
	register(
		&command{noun: "notes", verb: "list", maxArgs: 0, summary: "a client's private notes (paired coaches and view_all_clients only)",
			flags: append([]flagSpec{{name: "client", arg: "H", usage: "the client"}}, page...), run: runNotesList},
		&command{noun: "notes", verb: "add", maxArgs: 0, summary: "write a private note on a client (coaching access)",
			flags: []flagSpec{
				{name: "client", arg: "H", usage: "the client (required unless --session)"},
				{name: "body", arg: "TEXT", usage: "the note, up to 4000 characters (required unless --from-agenda)"},
				{name: "session", arg: "ID", usage: "the session the note is for (its client's note)"},
				{name: "from-agenda", kind: boolf, usage: "start the note from the session's agenda headings (with --session)"},
			}, run: runNotesAdd},
		&command{noun: "progress", verb: "list", maxArgs: 0, summary: "progress updates (contacts see the ones the client approved)",
			flags: append([]flagSpec{{name: "client", arg: "H", usage: "only this client's updates"}}, page...), run: runProgressList},
		&command{noun: "progress", verb: "add", maxArgs: 0, summary: "write a progress update, shared with the client",
			flags: []flagSpec{
				{name: "client", arg: "H", usage: "the client", req: true},
				{name: "body", arg: "TEXT", usage: "the update, up to 4000 characters", req: true},
			}, run: runProgressAdd},
		&command{noun: "progress", verb: "approve", args: "ID", minArgs: 1, maxArgs: 1, summary: "let your contacts see a progress update (--off withdraws it)",
			flags: []flagSpec{{name: "off", kind: boolf, usage: "withdraw it from your contacts"}}, run: runProgressApprove},
	)
}

type noteJSON struct {
	ID     string `json:"id"`
	Client string `json:"client"`
	Author string `json:"author"`
	Body   string `json:"body"`
	At     string `json:"at"`
}

func noteView(n domain.NoteView) noteJSON {
	return noteJSON{ID: n.Note.ID.String(), Client: n.Client.Handle, Author: n.Author.Handle, Body: n.Note.Body, At: n.At.Format(time.RFC3339)}
}

type progressJSON struct {
	ID                  string `json:"id"`
	Client              string `json:"client"`
	Author              string `json:"author"`
	OnBehalfOf          string `json:"on_behalf_of,omitempty"`
	AuthorName          string `json:"author_name"`
	AuthorRole          string `json:"author_role"`
	Body                string `json:"body"`
	ApprovedForContacts bool   `json:"approved_for_contacts"`
	At                  string `json:"at"`
}

func progressView(p domain.ProgressView) progressJSON {
	v := progressJSON{ID: p.Progress.ID.String(), Client: p.Client.Handle, Author: p.Author.Handle, Body: p.Progress.Body,
		AuthorName: p.Author.Name, AuthorRole: string(p.Author.As), ApprovedForContacts: p.Progress.Approved, At: p.At.Format(time.RFC3339)}
	if p.Author.For != nil {
		v.OnBehalfOf = p.Author.For.Handle
	}
	return v
}

func runNotesList(c *call) error {
	f := domain.NoteFilter{Client: c.str("client")}
	var err error
	if f.Before, f.Limit, err = c.pageFlags(); err != nil {
		return err
	}
	ns, err := c.env.Service.ListNotes(c.who, f)
	if err != nil {
		return err
	}
	out := make([]noteJSON, 0, len(ns))
	for _, n := range ns {
		out = append(out, noteView(n))
	}
	return c.emit(out, func(w *textOut) {
		for _, n := range ns {
			w.line("note " + n.Note.ID.String() + " on " + n.Client.Handle + " by " + n.Author.Label() + ", " + n.At.Format("2006-01-02 15:04"))
			w.para(n.Note.Body)
		}
		if len(ns) == 0 {
			w.line("No notes.")
		}
	})
}

func runNotesAdd(c *call) error {
	var n domain.NoteView
	var err error
	switch {
	case c.set("session") != c.flag("from-agenda"):
		return usagef(c.cmd, "--session and --from-agenda go together: the note starts from that session's agenda")
	case c.set("session") && c.set("client"):
		return usagef(c.cmd, "leave out --client: the note is on the session's client")
	case c.set("session"):
		id, perr := domain.ParseID(c.str("session"))
		if perr != nil {
			return perr
		}
		n, err = c.env.Service.AddAgendaNote(c.who, id, c.rawFlag("body"))
	case !c.set("client") || !c.set("body"):
		return usagef(c.cmd, "say whose note with --client H and what it says with --body TEXT")
	default:
		n, err = c.env.Service.AddNote(c.who, c.str("client"), c.rawFlag("body"))
	}
	if err != nil {
		return err
	}
	return c.emit(noteView(n), func(w *textOut) {
		w.line("Added: private note " + n.Note.ID.String() + " on " + n.Client.Handle + ".")
	})
}

func progressText(w *textOut, p domain.ProgressView) {
	by := p.Author.Label()
	shared := "not shown to contacts"
	if p.Progress.Approved {
		shared = "approved for contacts"
	}
	w.line("progress " + p.Progress.ID.String() + " on " + p.Client.Handle + " by " + by + ", " + p.At.Format("2006-01-02 15:04") + " (" + shared + ")")
	w.para(p.Progress.Body)
}

func runProgressList(c *call) error {
	f := domain.ProgressFilter{Client: c.str("client")}
	var err error
	if f.Before, f.Limit, err = c.pageFlags(); err != nil {
		return err
	}
	ps, err := c.env.Service.ListProgress(c.who, f)
	if err != nil {
		return err
	}
	out := make([]progressJSON, 0, len(ps))
	for _, p := range ps {
		out = append(out, progressView(p))
	}
	return c.emit(out, func(w *textOut) {
		for _, p := range ps {
			progressText(w, p)
		}
		if len(ps) == 0 {
			w.line("No progress updates.")
		}
	})
}

func runProgressAdd(c *call) error {
	p, err := c.env.Service.AddProgress(c.who, c.str("client"), c.rawFlag("body"))
	if err != nil {
		return err
	}
	return c.emit(progressView(p), func(w *textOut) {
		w.line("Added: progress update " + p.Progress.ID.String() + " on " + p.Client.Handle + ", shared with them.")
	})
}

func runProgressApprove(c *call) error {
	id, err := c.idArg()
	if err != nil {
		return err
	}
	p, err := c.env.Service.ApproveProgress(c.who, id, !c.flag("off"))
	if err != nil {
		return err
	}
	return c.emit(progressView(p), func(w *textOut) {
		if p.Progress.Approved {
			w.line("Approved: your contacts with progress permission now see update " + p.Progress.ID.String() + ".")
		} else {
			w.line("Withdrawn: your contacts no longer see update " + p.Progress.ID.String() + ".")
		}
	})
}
