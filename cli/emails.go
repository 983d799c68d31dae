package cli

import (
	"io"
	"strings"

	"behalf/domain"
)

func init() {
	ev := "EVENT"
	register(
		&command{noun: "emails", verb: "list", maxArgs: 0, summary: "the system emails and whether each uses the default (needs manage_branding)", run: runEmailsList},
		&command{noun: "emails", verb: "show", args: ev, minArgs: 1, maxArgs: 1, summary: "one system email's subject, body and placeholders", run: runEmailsShow},
		&command{noun: "emails", verb: "set", args: ev, minArgs: 1, maxArgs: 1, summary: "set a system email's subject and body (the body on stdin; placeholders like {{client}})",
			flags: []flagSpec{{name: "subject", arg: "S", usage: "the subject line", req: true}}, run: runEmailsSet},
		&command{noun: "emails", verb: "reset", args: ev, minArgs: 1, maxArgs: 1, summary: "go back to the default for a system email", run: runEmailsReset},
		&command{noun: "emails", verb: "preview", args: ev, minArgs: 1, maxArgs: 1, summary: "a system email written out with sample values", run: runEmailsPreview},
	)
}

type emailJSON struct {
	Event        string   `json:"event"`
	Subject      string   `json:"subject"`
	Body         string   `json:"body"`
	Custom       bool     `json:"custom"`
	Placeholders []string `json:"placeholders"`
}

func emailView(v domain.EmailTemplateView) emailJSON {
	return emailJSON{v.Event, v.Subject, v.Body, v.Custom, v.Placeholders}
}

func runEmailsList(c *call) error {
	vs, err := c.env.Service.EmailTemplates(c.who)
	if err != nil {
		return err
	}
	out := make([]emailJSON, 0, len(vs))
	for _, v := range vs {
		out = append(out, emailView(v))
	}
	return c.emit(out, func(w *textOut) {
		w.row("EMAIL", "TEMPLATE", "SUBJECT")
		for _, v := range out {
			w.row(v.Event, map[bool]string{true: "your own", false: "default"}[v.Custom], v.Subject)
		}
	})
}

func describeEmail(w *textOut, v emailJSON) {
	w.line("Email: " + v.Event + map[bool]string{true: " (your own template)", false: " (the default)"}[v.Custom])
	w.line("Subject: " + v.Subject)
	w.line("Placeholders: {{" + strings.Join(v.Placeholders, "}}, {{") + "}}")
	w.line("")
	for line := range strings.SplitSeq(v.Body, "\n") {
		w.line(line)
	}
}

func runEmailsShow(c *call) error {
	v, err := c.env.Service.EmailTemplate(c.who, c.args[0])
	if err != nil {
		return err
	}
	j := emailView(v)
	return c.emit(j, func(w *textOut) { describeEmail(w, j) })
}

func runEmailsSet(c *call) error {
	body := ""
	if c.env.Stdin != nil {
		b, err := io.ReadAll(io.LimitReader(c.env.Stdin, 4*domain.MaxEmailBody+1))
		if err != nil {
			return err
		}
		if len(b) > 4*domain.MaxEmailBody {
			return &domain.Error{Kind: domain.KindInvalid, Field: "body", Msg: "the body is too long"}
		}
		body = string(b)
	}
	v, err := c.env.Service.SetEmailTemplate(c.who, c.args[0], c.str("subject"), body)
	if err != nil {
		return err
	}
	j := emailView(v)
	return c.emit(j, func(w *textOut) {
		w.line("Saved the " + v.Event + " email. See it with sample values: emails preview " + v.Event)
	})
}

func runEmailsReset(c *call) error {
	v, err := c.env.Service.ResetEmailTemplate(c.who, c.args[0])
	if err != nil {
		return err
	}
	j := emailView(v)
	return c.emit(j, func(w *textOut) { w.line("The " + v.Event + " email is back to the default.") })
}

func runEmailsPreview(c *call) error {
	p, err := c.env.Service.PreviewEmail(c.who, c.args[0])
	if err != nil {
		return err
	}
	v := struct {
		Event   string `json:"event"`
		Subject string `json:"subject"`
		Body    string `json:"body"`
	}{p.Event, p.Subject, p.Body}
	return c.emit(v, func(w *textOut) {
		w.line("Subject: " + p.Subject)
		w.line("")
		for line := range strings.SplitSeq(p.Body, "\n") {
			w.line(line)
		}
	})
}
