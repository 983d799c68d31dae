package cli

import (
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"

	"behalf/domain"
)

func init() {
	register(
		&command{noun: "terms", verb: "show", maxArgs: 0, noWS: true, summary: "the organisation's terms for clients and contacts, and whether you accepted them", run: runTermsShow},
		&command{noun: "terms", verb: "set", maxArgs: 0, summary: "save a new version of the terms, its text on stdin",
			flags: []flagSpec{{name: "reaccept", kind: boolf, usage: "everyone accepts this version again"}}, run: runTermsSet},
		&command{noun: "terms", verb: "accept", maxArgs: 0, noWS: true, summary: "accept the current terms, for yourself", run: runTermsAccept},
		&command{noun: "terms", verb: "acceptances", maxArgs: 0, summary: "who accepted which version of the terms, and when",
			flags: []flagSpec{{name: "person", arg: "H", usage: "one person's acceptances"}}, run: runTermsAcceptances},
	)
}

type termsJSON struct {
	Version    int64  `json:"version"`
	Text       string `json:"text"`
	Reaccept   bool   `json:"reaccept"`
	Created    string `json:"created,omitempty"`
	Due        bool   `json:"due"`
	AcceptedAt string `json:"accepted_at,omitempty"`
}

func runTermsShow(c *call) error {
	v, err := c.env.Service.TermsFor(c.who)
	if err != nil {
		return err
	}
	out := termsJSON{}
	if v.Set {
		out = termsJSON{Version: int64(v.Terms.ID), Text: v.Terms.Text, Reaccept: v.Terms.Reaccept, Created: v.Terms.Created.In(c.loc()).Format(time.RFC3339), Due: v.Due}
		if v.HasAccepted {
			out.AcceptedAt = v.Accepted.At.In(c.loc()).Format(time.RFC3339)
		}
	}
	return c.emit(out, func(w *textOut) {
		if !v.Set {
			w.line("The organisation has no terms.")
			return
		}
		w.line(fmt.Sprintf("Terms, version %d of %s:", out.Version, out.Created[:10]))
		w.line("")
		w.para(v.Terms.Text)
		w.line("")
		switch {
		case v.Due:
			w.line("You have not accepted them yet: `terms accept` accepts them, for yourself.")
		case v.HasAccepted:
			w.line("You accepted them on " + out.AcceptedAt[:10] + ".")
		}
	})
}

func runTermsSet(c *call) error {
	in := c.env.Stdin
	if in == nil {
		in = strings.NewReader("")
	}
	text, err := io.ReadAll(io.LimitReader(in, 4*domain.MaxTermsLen+1))
	if err != nil {
		return err
	}
	t, err := c.env.Service.SetTerms(c.who, string(text), c.flag("reaccept"))
	if err != nil {
		return err
	}
	out := termsJSON{Version: int64(t.ID), Text: t.Text, Reaccept: t.Reaccept, Created: t.Created.In(c.loc()).Format(time.RFC3339)}
	return c.emit(out, func(w *textOut) {
		if t.Reaccept {
			w.line(fmt.Sprintf("Saved the terms as version %d: every client and contact accepts them at their next sign-in before anything else.", t.ID))
			return
		}
		w.line(fmt.Sprintf("Saved the terms as version %d: those who accepted an earlier version need not accept again; new clients and contacts accept this one.", t.ID))
	})
}

func runTermsAccept(c *call) error {
	a, err := c.env.Service.AcceptTerms(c.who, 0)
	if err != nil {
		return err
	}
	at := a.At.In(c.loc()).Format(time.RFC3339)
	return c.emit(struct {
		Version int64  `json:"version"`
		At      string `json:"at"`
		As      string `json:"as"`
	}{int64(a.Version), at, a.As}, func(w *textOut) {
		w.line(fmt.Sprintf("You accepted the terms (version %d) on %s.", a.Version, at[:10]))
	})
}

func runTermsAcceptances(c *call) error {
	list, err := c.env.Service.TermsAcceptances(c.who, c.str("person"))
	if err != nil {
		return err
	}
	type row struct {
		Person  string `json:"person"`
		Name    string `json:"name"`
		Version int64  `json:"version"`
		At      string `json:"at"`
		As      string `json:"as"`
	}
	out := make([]row, 0, len(list))
	for _, a := range list {
		out = append(out, row{a.Who.Handle, a.Who.Name, int64(a.Version), a.At.In(c.loc()).Format(time.RFC3339), a.As})
	}
	return c.emit(out, func(w *textOut) {
		if len(out) == 0 {
			w.line("Nobody has accepted the terms yet.")
			return
		}
		w.row("WHO", "VERSION", "ACCEPTED", "AS")
		for _, r := range out {
			w.row(r.Name+" ("+r.Person+")", strconv.FormatInt(r.Version, 10), strings.Replace(r.At[:16], "T", " ", 1), r.As)
		}
	})
}
