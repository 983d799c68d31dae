package cli

import (
	"strings"
	"time"

	"behalf/domain"
)

func init() {
	register(
		&command{noun: "groups", verb: "list", maxArgs: 0, summary: "the coaching groups you coach or are in (every group with manage_groups or view_all_groups)",
			flags: []flagSpec{
				{name: "after", arg: "G", usage: "the page after this group's handle"},
				{name: "limit", arg: "N", usage: "at most N (default 50)"},
			}, run: runGroupsList},
		&command{noun: "groups", verb: "show", args: "G", minArgs: 1, maxArgs: 1, summary: "a group: its coaches, members and sessions", run: runGroupsShow},
		&command{noun: "groups", verb: "add", args: "G", minArgs: 1, maxArgs: 1, summary: "create a coaching group (G is its handle)",
			flags: []flagSpec{
				{name: "name", arg: "N", usage: "the group's name", req: true},
				{name: "coach", arg: "H", kind: repeat, usage: "a team coach of the group (default: you)"},
				{name: "member", arg: "H", kind: repeat, usage: "a client in the group"},
			}, run: runGroupsAdd},
		&command{noun: "groups", verb: "edit", args: "G", minArgs: 1, maxArgs: 1, summary: "rename a group or change who is in it",
			flags: []flagSpec{
				{name: "name", arg: "N", usage: "the new name"},
				{name: "add-coach", arg: "H", kind: repeat, usage: "add a team coach (manage_group_members)"},
				{name: "remove-coach", arg: "H", kind: repeat, usage: "remove a coach (manage_group_members)"},
				{name: "add-member", arg: "H", kind: repeat, usage: "add a client"},
				{name: "remove-member", arg: "H", kind: repeat, usage: "remove a member (what they posted stays)"},
			}, run: runGroupsEdit},
		&command{noun: "groups", verb: "delete", args: "G", minArgs: 1, maxArgs: 1, summary: "delete a group, its discussion and its upcoming sessions",
			flags: []flagSpec{{name: "confirm", arg: "G", usage: "the group's handle again", req: true}}, run: runGroupsDelete},
		&command{noun: "groups", verb: "posts", args: "G", minArgs: 1, maxArgs: 1, summary: "a group's discussion, newest first",
			flags: []flagSpec{
				{name: "before", arg: "ID", usage: "the page older than this post"},
				{name: "limit", arg: "N", usage: "at most N (default 50)"},
			}, run: runGroupsPosts},
		&command{noun: "groups", verb: "post", args: "G", minArgs: 1, maxArgs: 1, summary: "post in a group's discussion",
			flags: []flagSpec{{name: "body", arg: "TEXT", usage: "the post, up to 4000 characters", req: true}}, run: runGroupsPost},
	)
}

type groupJSON struct {
	ID       string        `json:"id"`
	Handle   string        `json:"handle"`
	Name     string        `json:"name"`
	Coaches  []string      `json:"coaches"`
	Members  []string      `json:"members"`
	Sessions []sessionJSON `json:"sessions,omitempty"` // groups show, for those who see into the group
}

func handlesOf(ps []domain.Party) []string {
	out := make([]string, 0, len(ps))
	for _, p := range ps {
		out = append(out, p.Handle)
	}
	return out
}

func groupView(v domain.GroupView) groupJSON {
	return groupJSON{ID: v.Group.ID.String(), Handle: v.Group.Handle, Name: v.Group.Name, Coaches: handlesOf(v.Coaches), Members: handlesOf(v.Members)}
}

func labels(ps []domain.Party) string {
	if len(ps) == 0 {
		return "none"
	}
	out := make([]string, len(ps))
	for i, p := range ps {
		out[i] = p.Label()
	}
	return strings.Join(out, ", ")
}

func runGroupsList(c *call) error {
	f := domain.GroupFilter{After: c.str("after")}
	if c.set("limit") {
		n, err := parseCount(c, "limit", 1, domain.MaxPage)
		if err != nil {
			return err
		}
		f.Limit = n
	}
	list, err := c.env.Service.ListGroups(c.who, f)
	if err != nil {
		return err
	}
	out := make([]groupJSON, 0, len(list))
	for _, v := range list {
		out = append(out, groupView(v))
	}
	return c.emit(out, func(w *textOut) {
		if len(list) == 0 {
			w.line("No groups.")
			return
		}
		w.row("GROUP", "NAME", "COACHES", "MEMBERS")
		for _, v := range list {
			w.row(v.Group.Handle, v.Group.Name, labels(v.Coaches), domain.Plural(len(v.Members), "member", "members"))
		}
	})
}

func runGroupsShow(c *call) error {
	v, err := c.env.Service.ShowGroup(c.who, c.args[0])
	if err != nil {
		return err
	}
	out := groupView(v)
	var sessions []domain.GroupSessionView
	if v.ReadHappenings {
		if sessions, err = c.env.Service.GroupSessions(c.who, v.Group.Handle, 0); err != nil {
			return err
		}
		for _, s := range sessions {
			out.Sessions = append(out.Sessions, sessionView(s.Session))
		}
	}
	return c.emit(out, func(w *textOut) {
		w.line(v.Group.Name + " (" + v.Group.Handle + ")")
		w.line("Coaches: " + labels(v.Coaches))
		w.line("Members: " + labels(v.Members))
		if !v.ReadHappenings {
			return
		}
		if len(sessions) == 0 {
			w.line("No group sessions from 30 days ago on.")
			return
		}
		w.line("Sessions:")
		for _, s := range sessions {
			line := "  " + s.Session.Session.ID.String() + "  " + s.Session.Start.Format("Mon 2006-01-02 15:04 MST") + "  with " + s.Session.Coach.Name +
				"  " + string(s.Session.Session.Status) + "  " + domain.Plural(len(s.Attending), "member", "members")
			if s.Left > 0 {
				line += " (" + domain.Plural(s.Left, "withdrew", "withdrew") + ")"
			}
			w.line(line)
		}
	})
}

func runGroupsAdd(c *call) error {
	v, err := c.env.Service.AddGroup(c.who, domain.NewGroup{Handle: c.args[0], Name: c.str("name"), Coaches: c.list("coach"), Members: c.list("member")})
	if err != nil {
		return err
	}
	return c.emit(groupView(v), func(w *textOut) {
		w.line("Created: the group " + v.Group.Name + " (" + v.Group.Handle + "), coached by " + labels(v.Coaches) + ", with " + domain.Plural(len(v.Members), "member", "members") + ".")
	})
}

func runGroupsEdit(c *call) error {
	in := domain.GroupEdit{AddCoaches: c.list("add-coach"), RemoveCoaches: c.list("remove-coach"), AddMembers: c.list("add-member"), RemoveMembers: c.list("remove-member")}
	if c.set("name") {
		n := c.str("name")
		in.Name = &n
	}
	v, err := c.env.Service.EditGroup(c.who, c.args[0], in)
	if err != nil {
		return err
	}
	return c.emit(groupView(v), func(w *textOut) {
		w.line("Changed: the group " + v.Group.Name + " (" + v.Group.Handle + "), coached by " + labels(v.Coaches) + ", with " + domain.Plural(len(v.Members), "member", "members") + ".")
	})
}

func runGroupsDelete(c *call) error {
	if err := c.env.Service.DeleteGroup(c.who, c.args[0], c.str("confirm")); err != nil {
		return err
	}
	return c.emit(map[string]string{"deleted": c.args[0]}, func(w *textOut) {
		w.line("Deleted the group " + c.args[0] + ", its discussion and its upcoming sessions.")
	})
}

type postJSON struct {
	ID         string `json:"id"`
	Group      string `json:"group"`
	Author     string `json:"author"`
	AuthorName string `json:"author_name"`
	AuthorRole string `json:"author_role"`
	For        string `json:"for"` // the practitioner an assistant posted for
	At         string `json:"at"`
	Body       string `json:"body"`
}

func postView(p domain.PostView) postJSON {
	j := postJSON{ID: p.Post.ID.String(), Group: p.Group.Handle, Author: p.Author.Handle, AuthorName: p.Author.Name, AuthorRole: string(p.Author.As),
		At: p.At.Format(time.RFC3339), Body: p.Post.Body}
	if p.Author.For != nil {
		j.For = p.Author.For.Handle
	}
	return j
}

func runGroupsPosts(c *call) error {
	q, err := pageQuery(c)
	if err != nil {
		return err
	}
	list, err := c.env.Service.Posts(c.who, c.args[0], q)
	if err != nil {
		return err
	}
	out := make([]postJSON, 0, len(list))
	for _, p := range list {
		out = append(out, postView(p))
	}
	return c.emit(out, func(w *textOut) {
		if len(list) == 0 {
			w.line("No posts yet.")
		}
		for _, p := range list {
			w.line("#" + p.Post.ID.String() + "  " + p.At.Format("2006-01-02 15:04") + "  " + p.Author.Label())
			w.para(p.Post.Body)
		}
	})
}

func runGroupsPost(c *call) error {
	p, err := c.env.Service.AddPost(c.who, c.args[0], c.rawFlag("body"))
	if err != nil {
		return err
	}
	return c.emit(postView(p), func(w *textOut) {
		w.line("Posted in " + p.Group.Name + ": post " + p.Post.ID.String() + ".")
	})
}
