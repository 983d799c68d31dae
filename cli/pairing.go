package cli

import (
	"strings"

	"behalf/domain"
)

func init() {
	register(
		&command{noun: "pairing", verb: "show", maxArgs: 0, summary: "which coaches are paired with a client, or a coach's clients",
			flags: []flagSpec{
				{name: "client", arg: "H", usage: "a client's coaches"},
				{name: "coach", arg: "H", usage: "a coach's clients"},
			}, run: runPairingShow},
		&command{noun: "pairing", verb: "set", maxArgs: 0, summary: "set a coach's access to a client",
			flags: sessionsFlags(
				flagSpec{name: "coach", arg: "H", usage: "the coach", req: true},
				flagSpec{name: "client", arg: "H", usage: "the client", req: true},
				flagSpec{name: "level", arg: "primary|coaching|view|none", usage: "the access level", req: true},
			), run: runPairingSet},
		&command{noun: "perms", verb: "show", maxArgs: 0, summary: "a team member's role and permissions",
			flags: []flagSpec{{name: "person", arg: "H", usage: "whose permissions (default: yours)"}}, run: runPermsShow},
		&command{noun: "perms", verb: "grant", args: "PERM...", minArgs: 1, maxArgs: -1, summary: "grant team permissions",
			flags: []flagSpec{{name: "person", arg: "H", usage: "to whom", req: true}}, run: runPermsChange(true)},
		&command{noun: "perms", verb: "revoke", args: "PERM...", minArgs: 1, maxArgs: -1, summary: "revoke team permissions",
			flags: sessionsFlags(flagSpec{name: "person", arg: "H", usage: "from whom", req: true}), run: runPermsChange(false)},
		&command{noun: "perms", verb: "role", args: "coach|staff", minArgs: 1, maxArgs: 1, summary: "make a team member a team coach or admin-only staff",
			flags: sessionsFlags(flagSpec{name: "person", arg: "H", usage: "whom", req: true},
				flagSpec{name: "preview", kind: boolf, usage: "only say what the change would take away; change nothing"}), run: runPermsRole},
	)
}

type pairingJSON struct {
	Coach  string `json:"coach"`
	Client string `json:"client"`
	Level  string `json:"level"`
}

func runPairingShow(c *call) error {
	if c.str("client") != "" && c.str("coach") != "" {
		return usagef(c.cmd, "give --client or --coach, not both")
	}
	ps, err := c.env.Service.Pairings(c.who, domain.PairingQuery{Client: c.str("client"), Coach: c.str("coach")})
	if err != nil {
		return err
	}
	out := make([]pairingJSON, 0, len(ps))
	for _, p := range ps {
		out = append(out, pairingJSON{p.Coach.Handle, p.Client.Handle, p.Level.String()})
	}
	return c.emit(out, func(w *textOut) {
		w.table("No pairings.", "COACH", "CLIENT", "LEVEL")
		for _, p := range ps {
			lvl := p.Level.String()
			if p.Level == domain.LevelPrimary {
				lvl += " (my coach)"
			}
			w.row(p.Coach.Handle+" ("+p.Coach.Name+")", p.Client.Handle, lvl)
		}
	})
}

func runPairingSet(c *call) error {
	lvl, err := domain.ParseLevel(c.str("level"))
	if err != nil {
		return err
	}
	plan, err := sessionsPlan(c)
	if err != nil {
		return err
	}
	res, err := c.env.Service.SetPairing(c.who, domain.PairingChange{Coach: c.str("coach"), Client: c.str("client"), Level: lvl, Sessions: plan})
	if err != nil {
		return withSessionsHint(err)
	}
	v := struct {
		pairingJSON
		From    string `json:"from"`
		Demoted string `json:"demoted,omitempty"`
	}{pairingJSON: pairingJSON{res.Coach.Handle, res.Client.Handle, res.To.String()}, From: res.From.String()}
	if res.Demoted != nil {
		v.Demoted = res.Demoted.Handle
	}
	return c.emit(v, func(w *textOut) {
		w.line("Saved: " + res.Coach.Handle + " now has " + res.To.String() + " access to " + res.Client.Handle + " (was " + res.From.String() + ").")
		if res.Demoted != nil {
			w.line(res.Demoted.Handle + " is no longer primary and keeps coaching access.")
		}
	})
}

type permsJSON struct {
	Handle      string   `json:"handle"`
	TeamRole    string   `json:"team_role,omitempty"`
	InPool      bool     `json:"in_pool"`
	Permissions []string `json:"permissions"`
}

func (c *call) emitPerms(v domain.PermsView) error {
	out := permsJSON{Handle: v.Person.Handle, TeamRole: string(v.Role), InPool: v.Person.InPool, Permissions: orEmpty(v.Effective.Strings())}
	return c.emit(out, func(w *textOut) {
		role := string(v.Role)
		if v.Person.IsCoach() {
			role += ", in the pairing pool"
		} else {
			role += ", admin-only"
		}
		w.line(v.Person.Name + " (" + v.Person.Handle + "): " + role)
		for _, in := range domain.Permissions {
			mark := "[ ]"
			if v.Effective.Has(in.Perm) {
				mark = "[x]"
			}
			kind := "coaching"
			if in.Admin {
				kind = "admin"
			}
			w.row("  "+mark, string(in.Perm), kind, in.Title)
		}
	})
}

func runPermsShow(c *call) error {
	h := c.str("person")
	if h == "" {
		me, err := c.env.Service.Whoami(c.env.Person)
		if err != nil {
			return err
		}
		h = me.Person.Handle
	}
	v, err := c.env.Service.ShowPerms(c.who, h)
	if err != nil {
		return err
	}
	return c.emitPerms(v)
}

func runPermsChange(grant bool) func(*call) error {
	return func(c *call) error {
		var plan domain.SessionsPlan
		if !grant {
			var err error
			if plan, err = sessionsPlan(c); err != nil {
				return err
			}
		}
		v, err := c.env.Service.ChangePerms(c.who, c.str("person"), grant, c.args, plan)
		if err != nil {
			return withSessionsHint(err)
		}
		return c.emitPerms(v)
	}
}

func runPermsRole(c *call) error {
	role := strings.ToLower(c.args[0])
	if role != "coach" && role != "staff" {
		return usagef(c.cmd, "the role is coach or staff, not %q", clip(role))
	}
	plan, err := sessionsPlan(c)
	if err != nil {
		return err
	}
	// What the change takes away, from the domain's preview: printed
	// alone with --preview, and after the change otherwise.
	cost, err := c.env.Service.PreviewRoleChange(c.who, c.str("person"), role == "coach")
	if err != nil {
		return err
	}
	if c.flag("preview") {
		return c.emit(roleChangeView(cost), func(w *textOut) { roleChangeText(w, cost, true) })
	}
	if _, err := c.env.Service.SetTeamRole(c.who, c.str("person"), role == "coach", plan); err != nil {
		return withSessionsHint(err)
	}
	v, err := c.env.Service.ShowPerms(c.who, c.str("person"))
	if err != nil {
		return err
	}
	if !c.json {
		t := newText(c.env.Stdout)
		roleChangeText(t, cost, false)
		if err := t.flush(); err != nil {
			return err
		}
	}
	return c.emitPerms(v)
}

type roleChangeJSON struct {
	Handle      string        `json:"handle"`
	TeamRole    string        `json:"team_role"`
	Pairings    []pairingJSON `json:"pairings"`
	Permissions []string      `json:"permissions"`
	Sessions    []sessionJSON `json:"sessions"`
}

func roleChangeView(r domain.RoleChange) roleChangeJSON {
	v := roleChangeJSON{Handle: r.Person.Handle, TeamRole: string(domain.RoleStaff), Pairings: []pairingJSON{}, Permissions: orEmpty(r.Perms.Strings()), Sessions: []sessionJSON{}}
	if r.ToCoach {
		v.TeamRole = string(domain.RoleCoach)
	}
	for _, p := range r.Pairings {
		v.Pairings = append(v.Pairings, pairingJSON{p.Coach.Handle, p.Client.Handle, p.Level.String()})
	}
	for _, s := range r.Sessions {
		v.Sessions = append(v.Sessions, sessionView(s))
	}
	return v
}

// roleChangeText says what a role change takes (would take) away.
func roleChangeText(w *textOut, r domain.RoleChange, preview bool) {
	name := r.Person.Name + " (" + r.Person.Handle + ")"
	if r.ToCoach {
		if preview {
			w.line("Making " + name + " a team coach takes nothing away; they join the pairing pool.")
		}
		return
	}
	verb := "took away"
	if preview {
		verb = "would take away"
		w.line("Making " + name + " admin-only staff " + verb + ":")
	} else {
		w.line(name + " is now admin-only staff. That " + verb + ":")
	}
	if len(r.Pairings) == 0 {
		w.line("  no pairings")
	}
	for _, p := range r.Pairings {
		w.line("  " + levelName(p.Level) + " access to " + p.Client.Name + " (" + p.Client.Handle + ")")
	}
	if len(r.Perms) == 0 {
		w.line("  no coaching permissions")
	} else {
		w.line("  coaching permissions: " + strings.Join(r.Perms.Strings(), ", "))
	}
	if preview && len(r.Sessions) > 0 {
		w.line(domain.Plural(len(r.Sessions), "upcoming session needs", "upcoming sessions need") + " --sessions cancel, or --sessions move --to H:")
		for _, s := range r.Sessions {
			w.line("  " + s.Session.ID.String() + "  " + s.Start.Format("Mon 2006-01-02 15:04") + " with " + s.Client.Name)
		}
	}
}

// levelName is a pairing level as people say it.
func levelName(l domain.Level) string {
	if l == domain.LevelView {
		return "view-only"
	}
	return l.String()
}
