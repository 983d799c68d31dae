package cli

import (
	"strings"
	"time"

	"behalf/domain"
)

func init() {
	register(
		&command{noun: "people", verb: "list", maxArgs: 0, summary: "the people this workspace may see",
			flags: []flagSpec{
				{name: "as", arg: "CAPACITY", usage: "only team, client, contact or assistant"},
				{name: "search", arg: "TEXT", usage: "part of a handle, name or email"},
				{name: "after", arg: "H", usage: "the page after this handle"},
				{name: "limit", arg: "N", usage: "at most N people (default 50)"},
			}, run: runPeopleList},
		&command{noun: "people", verb: "show", args: "H", minArgs: 1, maxArgs: 1, summary: "one person's profile", run: runPeopleShow},
		&command{noun: "people", verb: "add", args: "H", minArgs: 1, maxArgs: 1, summary: "add a person to the organisation",
			flags: []flagSpec{
				{name: "name", arg: "N", usage: "their full name", req: true},
				{name: "email", arg: "E", usage: "their email address", req: true},
				{name: "as", arg: "client|coach|staff|assistant|contact", usage: "what they are", req: true},
				{name: "primary", arg: "H", usage: "a client's primary coach"},
				{name: "admin", kind: boolf, usage: "an assistant with the admin role"},
				{name: "invite", kind: boolf, usage: "also make invitation codes (for the person and each new contact)"},
				{name: "contact", kind: repeat, arg: "SPEC", usage: "a client's contact: handle=H,email=E,perm=P+P,name=N[,expires=DATE]"},
				{name: "package", arg: "ID", usage: "a client's package from the catalogue, assigned in the same step"},
				{name: "bought-by", arg: "H", usage: "with --package: the contact added here who paid for it"},
			}, run: runPeopleAdd},
		&command{noun: "people", verb: "invite", args: "H", minArgs: 1, maxArgs: 1, summary: "make a single-use invitation code (valid 7 days) for someone who never signed in, emailed to them",
			flags: []flagSpec{{name: "resend", kind: boolf, usage: "send a fresh code by email only (the earlier one stops working; the code is not shown here)"}},
			run:   runPeopleInvite},
		&command{noun: "people", verb: "recover", args: "H", minArgs: 1, maxArgs: 1, summary: "(owner only) a one-time code that binds a new key for someone who lost every key (valid 24 hours)", run: runPeopleRecover},
		&command{noun: "people", verb: "deactivate", args: "H", minArgs: 1, maxArgs: 1, summary: "stop a person signing in; their data stays",
			flags: sessionsFlags(), run: runStatus(false)},
		&command{noun: "people", verb: "reactivate", args: "H", minArgs: 1, maxArgs: 1, summary: "let a deactivated person sign in again", run: runStatus(true)},
		&command{noun: "people", verb: "delete", args: "H", minArgs: 1, maxArgs: 1, summary: "delete a person for good (cannot be undone)",
			flags: sessionsFlags(flagSpec{name: "confirm", arg: "H", usage: "type the handle again to confirm", req: true},
				flagSpec{name: "templates-to", arg: "H", usage: "the team member who receives the templates they own"}), run: runPeopleDelete},
	)
}

func runPeopleList(c *call) error {
	f := domain.PeopleFilter{Capacity: c.str("as"), Search: c.str("search"), After: c.str("after")}
	if c.set("limit") {
		n, err := parseCount(c, "limit", 1, domain.MaxPage)
		if err != nil {
			return err
		}
		f.Limit = n
	}
	people, err := c.env.Service.ListPeople(c.who, f)
	if err != nil {
		return err
	}
	out := make([]personJSON, 0, len(people))
	for _, p := range people {
		out = append(out, personView(p))
	}
	return c.emit(out, func(w *textOut) {
		w.table("No one.", "HANDLE", "NAME", "EMAIL", "CAPACITIES", "STATUS")
		for _, p := range people {
			caps := strings.Join(p.Capacities(), ",")
			if p.TeamRole != "" {
				caps += " (" + string(p.TeamRole) + ")"
			}
			w.row(p.Handle, p.Name, p.Email, caps, string(p.Status))
		}
	})
}

func runPeopleShow(c *call) error {
	d, err := c.env.Service.ShowPerson(c.who, c.args[0])
	if err != nil {
		return err
	}
	type coachJSON struct {
		Coach  string `json:"coach"`
		Client string `json:"client"`
		Level  string `json:"level"`
	}
	type showJSON struct {
		personJSON
		Permissions []string        `json:"permissions,omitempty"`
		Coaches     []coachJSON     `json:"coaches,omitempty"`
		Clients     []coachJSON     `json:"clients,omitempty"`
		Contacts    []linkJSON      `json:"contacts,omitempty"`
		ActsFor     []linkJSON      `json:"acts_for,omitempty"`
		Manages     []string        `json:"manages,omitempty"`
		Assistants  []string        `json:"assistants,omitempty"`
		Workspaces  []workspaceJSON `json:"workspaces,omitempty"`
	}
	v := showJSON{personJSON: personView(d.Person), Permissions: d.TeamPerms.Strings()}
	for _, p := range d.Coaches {
		v.Coaches = append(v.Coaches, coachJSON{p.Coach.Handle, p.Client.Handle, p.Level.String()})
	}
	for _, p := range d.Clients {
		v.Clients = append(v.Clients, coachJSON{p.Coach.Handle, p.Client.Handle, p.Level.String()})
	}
	for _, l := range d.Contacts {
		v.Contacts = append(v.Contacts, linkView(l))
	}
	for _, l := range d.ActsFor {
		v.ActsFor = append(v.ActsFor, linkView(l))
	}
	for _, p := range d.Manages {
		v.Manages = append(v.Manages, p.Handle)
	}
	for _, p := range d.Assistants {
		v.Assistants = append(v.Assistants, p.Handle)
	}
	if d.Workspaces != nil {
		v.Workspaces = workspacesView(d.Workspaces)
	}
	return c.emit(v, func(w *textOut) {
		p := d.Person
		w.row("handle", p.Handle)
		w.row("name", p.Name)
		w.row("email", orNone(p.Email))
		w.row("capacities", orNone(strings.Join(p.Capacities(), ", ")))
		if p.TeamRole != "" {
			w.row("team role", string(p.TeamRole))
			w.row("permissions", orNone(strings.Join(d.TeamPerms.Strings(), ", ")))
		}
		w.row("status", string(p.Status))
		for _, x := range v.Coaches {
			w.row("coach", x.Coach+" ("+x.Level+")")
		}
		for _, x := range v.Clients {
			w.row("client", x.Client+" ("+x.Level+")")
		}
		for _, x := range v.Contacts {
			w.row("contact", x.Contact+": "+orNone(strings.Join(x.Permissions, ","))+expiryText(x.Expires))
		}
		for _, x := range v.ActsFor {
			w.row("acts for", x.Client+": "+orNone(strings.Join(x.Permissions, ","))+expiryText(x.Expires))
		}
		for _, h := range v.Manages {
			w.row("manages", h)
		}
		for _, h := range v.Assistants {
			w.row("assistant", h)
		}
	})
}

func expiryText(e *string) string {
	if e == nil {
		return ""
	}
	return " until " + *e
}

func runPeopleAdd(c *call) error {
	as, err := domain.ParseCapacity(c.str("as"))
	if err != nil {
		return usagef(c.cmd, "%s", err.Error())
	}
	if specs := c.list("contact"); len(specs) > 0 || c.set("package") || c.set("bought-by") {
		if as != domain.AsClient {
			return usagef(c.cmd, "--contact, --package and --bought-by go with --as client")
		}
		return runInviteClient(c, specs)
	}
	added, err := c.env.Service.AddPerson(c.who, domain.NewPerson{
		Handle: c.args[0], Name: c.str("name"), Email: c.str("email"), As: as,
		Primary: c.str("primary"), AssistantAdmin: c.flag("admin"),
	})
	if err != nil {
		return err
	}
	type addJSON struct {
		personJSON
		Existing bool    `json:"existing"`
		Code     *string `json:"code,omitempty"`
		Expires  *string `json:"expires,omitempty"`
		NoCode   *string `json:"no_code,omitempty"` // why --invite made no code
	}
	v := addJSON{personJSON: personView(added.Person), Existing: added.Existing}
	var inv domain.Invite
	noCode := ""
	if c.flag("invite") {
		// Someone found by email (R35) is invited only if the domain allows it.
		d := domain.Decision{Allowed: true}
		if added.Existing {
			if d, err = c.env.Service.Decide(c.who, domain.ActPeopleInvite, domain.Target{Person: &added.Person}); err != nil {
				return err
			}
		}
		if !d.Allowed {
			noCode = d.Reason
			v.NoCode = &noCode
		} else if inv, err = c.env.Service.InvitePerson(c.who, added.Person.Handle); err != nil {
			return err
		} else {
			exp := inv.Expires.In(c.loc()).Format(time.RFC3339)
			v.Code, v.Expires = &inv.Code, &exp
		}
	}
	return c.emit(v, func(w *textOut) {
		if added.Existing {
			w.line(added.Person.Handle + " already exists with that email; no duplicate was made.") // R35
		} else {
			w.line("Added " + added.Person.Name + " (" + added.Person.Handle + ") as " + string(as) + ".")
		}
		if v.Code != nil {
			w.line("Invitation code: " + inv.Code + " (valid until " + *v.Expires + ")")
		}
		if noCode != "" {
			w.line("No invitation code: " + noCode + ".")
		}
	})
}

func runPeopleInvite(c *call) error {
	invite := c.env.Service.InvitePerson
	if c.flag("resend") {
		invite = c.env.Service.ResendInvitation
	}
	inv, err := invite(c.who, c.args[0])
	if err != nil {
		return err
	}
	exp := inv.Expires.In(c.loc()).Format(time.RFC3339)
	v := struct {
		Handle    string `json:"handle"`
		Code      string `json:"code,omitempty"`
		Expires   string `json:"expires"`
		EmailedTo string `json:"emailed_to,omitempty"`
	}{inv.Person.Handle, inv.Code, exp, inv.EmailedTo}
	return c.emit(v, func(w *textOut) {
		if inv.Code == "" {
			w.line("A fresh invitation for " + inv.Person.Name + " (" + inv.Person.Handle + ") is on its way to " + inv.EmailedTo + "; the earlier code no longer works.")
			w.line("Valid once, until " + exp + ".")
			return
		}
		w.line("Invitation for " + inv.Person.Name + " (" + inv.Person.Handle + "): " + inv.Code + emailedText(inv.EmailedTo))
		w.line("Valid once, until " + exp + ". They sign in with their own key and run: invite redeem " + inv.Code)
	})
}

// emailedText says where an invitation code was emailed, if anywhere.
func emailedText(to string) string {
	if to == "" {
		return ""
	}
	return " (emailed to " + to + ")"
}

func runPeopleRecover(c *call) error {
	r, err := c.env.Service.RecoverAccount(c.who, c.args[0])
	if err != nil {
		return err
	}
	exp := r.Expires.In(c.loc()).Format(time.RFC3339)
	v := struct {
		Handle   string   `json:"handle"`
		Code     string   `json:"code"`
		Expires  string   `json:"expires"`
		KeysKept []string `json:"keys_kept"`
		Told     []string `json:"told"`
	}{Handle: r.Person.Handle, Code: r.Code, Expires: exp, KeysKept: []string{}}
	for _, k := range r.Kept {
		v.KeysKept = append(v.KeysKept, k.Fingerprint)
	}
	for _, ch := range r.Told {
		v.Told = append(v.Told, string(ch))
	}
	return c.emit(v, func(w *textOut) {
		w.line("Recovery code for " + r.Person.Name + " (" + r.Person.Handle + "): " + r.Code)
		w.line("Valid once, until " + exp + ". Give it to them by a channel you trust; they sign in with a new key and run: invite redeem " + r.Code)
		kept := domain.Plural(len(v.KeysKept), "key still signs", "keys still sign")
		w.line("Nothing was revoked: " + kept + " in as " + r.Person.Handle + " and their open sessions go on; they remove lost keys themself once back in.")
		for _, fp := range v.KeysKept {
			w.line("  kept: " + fp)
		}
		w.line(r.Person.Handle + " was told by " + strings.Join(v.Told, " and ") + ".")
	})
}

func runStatus(active bool) func(c *call) error {
	return func(c *call) error {
		var plan domain.SessionsPlan
		if !active {
			var err error
			if plan, err = sessionsPlan(c); err != nil {
				return err
			}
		}
		p, err := c.env.Service.SetStatus(c.who, c.args[0], active, plan)
		if err != nil {
			return withSessionsHint(err)
		}
		return c.emit(personView(p), func(w *textOut) {
			w.line(p.Handle + " is now " + string(p.Status) + ".")
		})
	}
}

func runPeopleDelete(c *call) error {
	plan, err := sessionsPlan(c)
	if err != nil {
		return err
	}
	if err := c.env.Service.DeletePersonPassing(c.who, c.args[0], c.str("confirm"), c.str("templates-to"), plan); err != nil {
		return withSessionsHint(err)
	}
	return c.emit(map[string]any{"deleted": c.args[0]}, func(w *textOut) {
		w.line(c.args[0] + " was deleted.")
	})
}
