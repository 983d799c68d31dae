package cli

import (
	"fmt"
	"strings"

	"behalf/domain"
)

func init() {
	linkFlags := func(permReq bool) []flagSpec {
		return []flagSpec{
			{name: "client", arg: "H", usage: "the client", req: true},
			{name: "contact", arg: "H", usage: "the contact", req: true},
			{name: "perm", arg: "P,P", usage: "schedule, billing, packages, payments, progress", req: permReq},
			{name: "expires", arg: "DATE", usage: "last day the link grants anything, YYYY-MM-DD (none to clear)"},
		}
	}
	register(
		&command{noun: "contacts", verb: "list", maxArgs: 0, summary: "who may act for a client, with which permissions",
			flags: []flagSpec{
				{name: "client", arg: "H", usage: "only this client"},
				{name: "search", arg: "TEXT", usage: "part of a client's or contact's handle or name"},
				{name: "after", arg: "CLIENT/CONTACT", usage: "the page after this link (ids, as `cursor` in --json)"},
				{name: "limit", arg: "N", usage: "at most N links (default 50)"},
			}, run: runContactsList},
		&command{noun: "contacts", verb: "link", maxArgs: 0, summary: "let a person act for a client (with --email: find or create them first)",
			flags: append(linkFlags(false),
				flagSpec{name: "email", arg: "E", usage: "find the contact by email, or create them"}, // R35
				flagSpec{name: "name", arg: "N", usage: "a new contact's name"},
				flagSpec{name: "invite", kind: boolf, usage: "make an invitation code for a contact who cannot sign in yet"},
				flagSpec{name: "notify", kind: boolf, usage: "tell the client and their other contacts"}), // R36
			run: runContactsLink},
		&command{noun: "contacts", verb: "set", maxArgs: 0, summary: "change a link's permissions or expiry", flags: linkFlags(true), run: runContactsSet},
		&command{noun: "contacts", verb: "unlink", maxArgs: 0, summary: "stop a person acting for a client",
			flags: linkFlags(false)[:2], run: runContactsUnlink},
	)
}

func runContactsList(c *call) error {
	f := domain.LinkFilter{Client: c.str("client"), Search: c.str("search"), After: c.str("after")}
	if c.set("limit") {
		n, err := parseCount(c, "limit", 1, domain.MaxPage)
		if err != nil {
			return err
		}
		f.Limit = n
	}
	links, more, err := c.env.Service.LinkPage(c.who, f)
	if err != nil {
		return err
	}
	out := make([]linkJSON, 0, len(links))
	for _, l := range links {
		out = append(out, linkView(l))
	}
	if more && !c.json {
		defer fmt.Fprintf(c.env.Stderr, "more links follow: --after %s\n", links[len(links)-1].Cursor())
	}
	return c.emit(out, func(w *textOut) {
		w.table("No contacts.", "CLIENT", "CONTACT", "PERMISSIONS", "EXPIRES")
		for _, l := range out {
			exp := "never"
			if l.Expires != nil {
				exp = *l.Expires
				if !l.Live {
					exp += " (ended)"
				}
			}
			w.row(l.Client, l.Contact, orNone(strings.Join(l.Permissions, ",")), exp)
		}
	})
}

func linkChange(c *call) domain.LinkChange {
	return domain.LinkChange{Client: c.str("client"), Contact: c.str("contact"), Perms: c.str("perm"), Expires: c.str("expires")}
}

func runContactsLink(c *call) error {
	if c.set("email") || c.flag("invite") || c.flag("notify") || c.set("name") {
		if !c.set("email") {
			return usagef(c.cmd, "--name, --invite and --notify go with --email")
		}
		return runContactAdd(c)
	}
	l, err := c.env.Service.LinkContact(c.who, linkChange(c))
	if err != nil {
		return err
	}
	return c.emitLink(l, "Linked")
}

func runContactsSet(c *call) error {
	l, err := c.env.Service.SetLink(c.who, linkChange(c))
	if err != nil {
		return err
	}
	return c.emitLink(l, "Updated")
}

func (c *call) emitLink(l domain.ContactLink, verb string) error {
	v := linkJSON{ID: l.ID.String(), Client: c.str("client"), Contact: c.str("contact"), Permissions: l.Perms.Strings(), Live: true}
	if l.Expires != "" {
		v.Expires = &l.Expires
	}
	return c.emit(v, func(w *textOut) {
		w.line(verb + ": " + v.Contact + " acts for " + v.Client + " with " + orNone(strings.Join(v.Permissions, ",")) + expiryText(v.Expires) + ".")
	})
}

func runContactsUnlink(c *call) error {
	if err := c.env.Service.Unlink(c.who, c.str("client"), c.str("contact")); err != nil {
		return err
	}
	return c.emit(map[string]string{"client": c.str("client"), "contact": c.str("contact"), "unlinked": "true"}, func(w *textOut) {
		w.line(c.str("contact") + " no longer acts for " + c.str("client") + ".")
	})
}
