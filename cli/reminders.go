package cli

import "behalf/domain"

func init() {
	register(
		&command{noun: "notifications", verb: "reminders", maxArgs: 0, summary: "when session reminders go (action alerts go at 08:00 on the due day)",
			flags: []flagSpec{{name: "hours", arg: "N", usage: "set: this many hours before a session, 0 for none (needs manage_branding)"}},
			run:   runReminders},
	)
}

func runReminders(c *call) error {
	var r domain.ReminderSettings
	var err error
	if c.set("hours") {
		n, perr := parseCount(c, "hours", 0, domain.MaxReminderHours)
		if perr != nil {
			return perr
		}
		r, err = c.env.Service.SetReminderHours(c.who, n)
	} else {
		r, err = c.env.Service.Reminders(c.who)
	}
	if err != nil {
		return err
	}
	v := struct {
		Hours   int  `json:"hours"`
		Default bool `json:"default"`
	}{r.Hours, r.Default}
	return c.emit(v, func(w *textOut) {
		switch {
		case r.Hours == 0:
			w.line("Session reminders are off. Action alerts go at 08:00 on the due day.")
		default:
			w.line("Session reminders go " + domain.Plural(r.Hours, "hour", "hours") + " before a session" + map[bool]string{true: " (the default)"}[r.Default] +
				". Action alerts go at 08:00 on the due day.")
		}
	})
}
