package cli

import (
	"strconv"
	"strings"
	"time"

	"behalf/domain"
	"behalf/sshkey"
)

func init() {
	register(
		&command{noun: "account", verb: "show", maxArgs: 0, summary: "your own account: name, email, signature, keys", run: runAccountShow},
		&command{noun: "account", verb: "set", maxArgs: 0, summary: "change your own name, email, adopted signature or screen colours",
			flags: []flagSpec{
				{name: "name", arg: "N", usage: "your full name"},
				{name: "email", arg: "E", usage: "your email address"},
				{name: "signature", arg: "S", usage: "your adopted signature (empty to remove)"},
				{name: "theme", arg: "auto|light|dark", usage: "the screens' colours: for a light or dark terminal, or as the terminal says (auto)"},
			}, run: runAccountSet},
		&command{noun: "account", verb: "keys", maxArgs: 0, summary: "your SSH keys; * marks the one you signed in with", run: runAccountKeys},
		&command{noun: "account", verb: "key-add", args: "LINE", minArgs: 1, maxArgs: -1, summary: "add an SSH key: paste `ssh-ed25519 AAAA… comment`",
			run: runAccountKeyAdd},
		&command{noun: "account", verb: "key-remove", args: "FINGERPRINT", minArgs: 1, maxArgs: 1, summary: "remove one of your keys (never the one in use, never the last)",
			run: runAccountKeyRemove},
		&command{noun: "account", verb: "plan", maxArgs: 0, summary: "(owner only) the organisation's plan and its client seats",
			flags: []flagSpec{
				{name: "set", arg: "PLAN", usage: "change the plan"},
				{name: "seats", arg: "N", usage: "active clients the plan allows (0: no limit)"},
			}, run: runAccountPlan},
	)
}

type keyJSON struct {
	Fingerprint string `json:"fingerprint"`
	Type        string `json:"type"`
	Comment     string `json:"comment,omitempty"`
	Added       string `json:"added"`
	InUse       bool   `json:"in_use"`
}

func keysView(keys []domain.KeyView, loc *time.Location) []keyJSON {
	out := make([]keyJSON, 0, len(keys))
	for _, k := range keys {
		typ, _, _ := strings.Cut(k.Line, " ")
		out = append(out, keyJSON{Fingerprint: k.Fingerprint, Type: typ, Comment: k.Comment, Added: k.Added.In(loc).Format(time.RFC3339), InUse: k.InUse})
	}
	return out
}

func (c *call) writeKeys(w *textOut, keys []keyJSON) {
	w.row("", "FINGERPRINT", "TYPE", "COMMENT", "ADDED")
	for _, k := range keys {
		mark := ""
		if k.InUse {
			mark = "*"
		}
		w.row(mark, k.Fingerprint, k.Type, k.Comment, k.Added[:10])
	}
}

func runAccountShow(c *call) error {
	v, err := c.env.Service.Account(c.who, c.env.Key.Fingerprint)
	if err != nil {
		return err
	}
	type accountJSON struct {
		personJSON
		Signature  string          `json:"signature"`
		Theme      string          `json:"theme"`
		Keys       []keyJSON       `json:"keys"`
		Workspaces []workspaceJSON `json:"workspaces"`
	}
	out := accountJSON{personJSON: personView(v.Person), Signature: v.Person.Signature, Theme: v.Person.Theme.String(),
		Keys: keysView(v.Keys, c.loc()), Workspaces: workspacesView(v.Workspaces)}
	return c.emit(out, func(w *textOut) {
		w.row("handle", v.Person.Handle)
		w.row("name", v.Person.Name)
		w.row("email", orNone(v.Person.Email))
		w.row("signature", orNone(v.Person.Signature))
		w.row("theme", out.Theme)
		w.row("keys", strconv.Itoa(len(v.Keys)))
		w.line("")
		c.writeKeys(w, out.Keys)
	})
}

func runAccountSet(c *call) error {
	var ch domain.ProfileChange
	for name, field := range map[string]**string{"name": &ch.Name, "email": &ch.Email, "signature": &ch.Signature, "theme": &ch.Theme} {
		if c.set(name) {
			v := c.str(name)
			*field = &v
		}
	}
	if ch.Name == nil && ch.Email == nil && ch.Signature == nil && ch.Theme == nil {
		return usagef(c.cmd, "give --name, --email, --signature or --theme")
	}
	p, err := c.env.Service.SetProfile(c.who, ch)
	if err != nil {
		return err
	}
	out := struct {
		personJSON
		Signature string `json:"signature"`
		Theme     string `json:"theme"`
	}{personView(p), p.Signature, p.Theme.String()}
	return c.emit(out, func(w *textOut) {
		theme := ""
		if ch.Theme != nil {
			theme = ", screen colours " + out.Theme
		}
		w.line("Saved: " + p.Name + " <" + p.Email + ">" + map[bool]string{true: ", signing as " + p.Signature, false: ""}[p.Signature != ""] + theme + ".")
	})
}

func runAccountKeys(c *call) error {
	keys, err := c.env.Service.Keys(c.who, c.env.Key.Fingerprint)
	if err != nil {
		return err
	}
	out := keysView(keys, c.loc())
	return c.emit(out, func(w *textOut) { c.writeKeys(w, out) })
}

func runAccountKeyAdd(c *call) error {
	key, err := sshkey.Parse(strings.Join(c.args, " "))
	if err != nil {
		return err
	}
	pk, err := c.env.Service.AddKey(c.who, key)
	if err != nil {
		return err
	}
	exp := pk.Expires.In(c.loc()).Format(time.RFC3339)
	out := struct {
		Fingerprint string `json:"fingerprint"`
		Code        string `json:"code"`
		Expires     string `json:"expires"`
	}{pk.Key.Fingerprint, pk.Code, exp}
	return c.emit(out, func(w *textOut) {
		w.line("Key " + pk.Key.Fingerprint + " waits for proof that you hold it.")
		w.line("Sign in once with that key and run: invite redeem " + pk.Code + "   (valid until " + exp + ")")
	})
}

func runAccountKeyRemove(c *call) error {
	if err := c.env.Service.RemoveKey(c.who, c.args[0], c.env.Key.Fingerprint); err != nil {
		return err
	}
	return c.emit(map[string]any{"removed": c.args[0]}, func(w *textOut) {
		w.line("Removed key " + c.args[0] + "; it no longer signs you in.")
	})
}
