package cli

import (
	"strings"
	"time"
)

func init() {
	register(
		&command{noun: "whoami", summary: "who you are and your workspaces", noWS: true, maxArgs: 0, run: runWhoami},
		&command{noun: "workspaces", summary: "the workspaces you may enter", noWS: true, maxArgs: 0, run: runWorkspaces},
		&command{noun: "invite", verb: "redeem", args: "CODE", minArgs: 1, maxArgs: 1, anyone: true,
			summary: "bind this SSH key to you with an invitation code", run: runRedeem},
	)
}

func runWhoami(c *call) error {
	me, err := c.env.Service.Whoami(c.env.Person)
	if err != nil {
		return err
	}
	type whoamiJSON struct {
		personJSON
		Org        string          `json:"org"`
		Workspaces []workspaceJSON `json:"workspaces"`
	}
	v := whoamiJSON{personView(me.Person), me.Org.Name, workspacesView(me.Workspaces)}
	return c.emit(v, func(w *textOut) {
		w.line(me.Person.Name + " (" + me.Person.Handle + ") at " + me.Org.Name)
		w.line("capacities: " + orNone(strings.Join(me.Person.Capacities(), ", ")))
		if me.Person.TeamRole != "" {
			w.line("team role: " + string(me.Person.TeamRole))
		}
		w.line("workspaces:")
		for _, ws := range me.Workspaces {
			w.row("  "+ws.ID, ws.Title(), orNone(strings.Join(ws.Permissions, ",")))
		}
		if len(me.Workspaces) == 0 {
			w.line("  none")
		}
	})
}

func runWorkspaces(c *call) error {
	ws, err := c.env.Service.Workspaces(c.env.Person)
	if err != nil {
		return err
	}
	return c.emit(workspacesView(ws), func(w *textOut) {
		for _, x := range ws {
			w.row(x.ID, x.Title(), orNone(strings.Join(x.Permissions, ",")))
		}
	})
}

func runRedeem(c *call) error {
	p, err := c.env.Service.Redeem(c.env.Key, c.env.Addr, c.args[0])
	if err != nil {
		return err
	}
	return c.emit(personView(p), func(w *textOut) {
		w.line("Welcome, " + p.Name + ". This key now signs you in as " + p.Handle + ".")
	})
}

func orNone(s string) string {
	if s == "" {
		return "none"
	}
	return s
}

// loc is the organisation's zone for showing times.
func (c *call) loc() *time.Location {
	if org, err := c.env.Service.Org(); err == nil {
		return org.Location()
	}
	return time.UTC
}
