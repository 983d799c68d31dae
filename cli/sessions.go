package cli

import (
	"errors"
	"fmt"
	"strconv"
	"time"

	"behalf/domain"
)

func init() {
	register(
		&command{noun: "sessions", verb: "list", maxArgs: 0, summary: "sessions in a window of days (default: 30 days back to 90 ahead)",
			flags: []flagSpec{
				{name: "client", arg: "H", usage: "only this client's sessions"},
				{name: "coach", arg: "H", usage: "only this coach's sessions"},
				{name: "from", arg: "DATE", usage: "first day, YYYY-MM-DD"},
				{name: "to", arg: "DATE", usage: "last day, YYYY-MM-DD"},
				{name: "limit", arg: "N", usage: "at most N sessions (default 50)"},
			}, run: runSessionsList},
		&command{noun: "sessions", verb: "show", args: "ID", minArgs: 1, maxArgs: 1, summary: "one session", run: runSessionsShow},
		&command{noun: "sessions", verb: "book", maxArgs: 0, summary: "book a session (times in the organisation's zone)",
			flags: []flagSpec{
				{name: "client", arg: "H", usage: "the client (default in me/contact: that client)"},
				{name: "coach", arg: "H", usage: "the coach (default: you as a coach, else the client's primary)"},
				{name: "start", arg: "TIME", usage: "YYYY-MM-DD HH:MM (or YYYY-MM-DDTHH:MM) in the organisation's zone", req: true},
				{name: "minutes", arg: "N", usage: "length, 15 to 240", req: true},
				{name: "package", arg: "ID", usage: "take a credit from this client package"},
				{name: "weeks", arg: "N", usage: "book N weekly sessions at the same local time, 1 to 26 (all or none; --json gives a list)"},
				{name: "status", arg: "S", usage: "record a session that already took place: completed or no-show (team only; nobody is notified)"},
				{name: "template", arg: "ID", usage: "a session template whose agenda the session keeps (team only)"},
				{name: "group", arg: "G", usage: "book a group session: one coach of the group, every member (team only; --json gives a list, one per member)"},
			}, run: runSessionsBook},
		&command{noun: "sessions", verb: "reschedule", args: "ID", minArgs: 1, maxArgs: 1, summary: "move a scheduled session",
			flags: []flagSpec{{name: "start", arg: "TIME", usage: "the new start, YYYY-MM-DD HH:MM", req: true}}, run: runSessionsReschedule},
		&command{noun: "sessions", verb: "cancel", args: "ID", minArgs: 1, maxArgs: 1,
			summary: "cancel a scheduled session (more than 24 hours ahead returns its package credit)", run: runSessionsCancel},
		&command{noun: "sessions", verb: "withdraw", args: "ID", minArgs: 1, maxArgs: 1, summary: "take one member out of a group session (the others keep theirs)",
			flags: []flagSpec{{name: "client", arg: "H", usage: "the member (default in me/contact: that client)"}}, run: runSessionsWithdraw},
		&command{noun: "sessions", verb: "complete", args: "ID", minArgs: 1, maxArgs: 1, summary: "mark a session completed (or --no-show)",
			flags: []flagSpec{{name: "no-show", kind: boolf, usage: "the client did not come"}}, run: runSessionsComplete},
	)
}

type sessionJSON struct {
	ID          string `json:"id"`
	Client      string `json:"client"`
	Group       string `json:"group,omitempty"` // a group session's group
	Coach       string `json:"coach"`           // a handle; "" for the organisation
	CoachName   string `json:"coach_name"`      // the coach's name, or the organisation's
	Start       string `json:"start"`
	End         string `json:"end"`
	Minutes     int    `json:"minutes"`
	Status      string `json:"status"`
	Package     string `json:"package,omitempty"`
	PackageName string `json:"package_name,omitempty"`
	// Agenda: the session template's headings as booked; absent where
	// there is none or this workspace does not see it (contacts).
	Agenda *agendaJSON `json:"agenda,omitempty"`
}

type agendaJSON struct {
	Template        string   `json:"template"`
	Name            string   `json:"name"`
	TemplateVersion int      `json:"template_version"`
	Headings        []string `json:"headings"`
}

func sessionView(s domain.SessionView) sessionJSON {
	v := sessionJSON{ID: s.Session.ID.String(), Client: s.Client.Handle, Group: s.GroupHandle, Coach: s.Coach.Handle, CoachName: s.Coach.Name,
		Start: s.Start.Format(time.RFC3339), End: s.End.Format(time.RFC3339), Minutes: s.Session.Minutes,
		Status: string(s.Session.Status), PackageName: s.PackageName}
	if s.Session.Package != 0 {
		v.Package = s.Session.Package.String()
	}
	if a := s.Session.Agenda; a != nil {
		v.Agenda = &agendaJSON{Template: a.Template.String(), Name: a.Name, TemplateVersion: a.Version, Headings: a.Headings}
	}
	return v
}

func sessionRow(w *textOut, s domain.SessionView) {
	pkg := "-"
	if s.Session.Package != 0 {
		pkg = s.Session.Package.String() + " " + s.PackageName
	}
	client := s.Client.Handle
	if s.GroupHandle != "" {
		client = "group " + s.GroupHandle // the team's lists show a group session once
	}
	w.row(s.Session.ID.String(), s.Start.Format("Mon 2006-01-02 15:04 MST"), strconv.Itoa(s.Session.Minutes), client, coachText(s), string(s.Session.Status), pkg)
}

func runSessionsList(c *call) error {
	f := domain.SessionFilter{Client: c.str("client"), Coach: c.str("coach"), From: c.str("from"), To: c.str("to")}
	if c.set("limit") {
		n, err := parseCount(c, "limit", 1, domain.MaxPage)
		if err != nil {
			return err
		}
		f.Limit = n
	}
	l, err := c.env.Service.ListSessions(c.who, f)
	if err != nil {
		return err
	}
	out := make([]sessionJSON, 0, len(l.Sessions))
	for _, s := range l.Sessions {
		out = append(out, sessionView(s))
	}
	const more = "more sessions in this window: narrow --from/--to or raise --limit"
	if l.More && c.json {
		// The JSON stays the contract's list; a script learns of the rest
		// on stderr, as contacts list tells its next cursor.
		defer fmt.Fprintln(c.env.Stderr, more)
	}
	return c.emit(out, func(w *textOut) {
		w.table("No sessions.", "ID", "START", "MIN", "CLIENT", "COACH", "STATUS", "PACKAGE")
		for _, s := range l.Sessions {
			sessionRow(w, s)
		}
		if l.More {
			w.line("… " + more)
		}
	})
}

func (c *call) idArg() (domain.ID, error) { return domain.ParseID(c.args[0]) }

func (c *call) emitSession(s domain.SessionView, say string) error {
	return c.emit(sessionView(s), func(w *textOut) {
		w.line(sessionLine(say, s))
		if s.Session.Package != 0 {
			credit := "credit taken from package "
			if s.Session.CreditReturned {
				credit = "credit returned to package "
			} else if s.Session.Status == domain.SessionCancelled {
				credit = "credit kept (24 hours or less ahead) on package "
			}
			w.line(credit + s.Session.Package.String() + " (" + s.PackageName + ").")
		}
		if a := s.Session.Agenda; a != nil {
			w.line("Agenda (" + a.Name + "):")
			for _, h := range a.Headings {
				w.line("  - " + h)
			}
		}
	})
}

// coachText is the coach's handle, or the organisation's name where the
// coach is someone this workspace does not see.
func coachText(s domain.SessionView) string {
	if s.Coach.Handle == "" {
		return s.Coach.Name
	}
	return s.Coach.Handle
}

// sessionLine is "Booked: session 7 — jane with rob, Mon …, 60 min, scheduled."
func sessionLine(say string, s domain.SessionView) string {
	return say + ": session " + s.Session.ID.String() + " — " + s.Client.Handle + " with " + coachText(s) + ", " +
		s.Start.Format("Mon 2006-01-02 15:04 MST") + ", " + strconv.Itoa(s.Session.Minutes) + " min, " + string(s.Session.Status) + "."
}

func runSessionsShow(c *call) error {
	id, err := c.idArg()
	if err != nil {
		return err
	}
	s, err := c.env.Service.ShowSession(c.who, id)
	if err != nil {
		return err
	}
	return c.emitSession(s, "Session")
}

func runSessionsBook(c *call) error {
	if c.set("group") {
		return runGroupBook(c)
	}
	in := domain.Booking{Client: c.str("client"), Coach: c.str("coach"), Start: c.str("start"), Status: domain.SessionStatus(c.str("status"))}
	n, err := parseCount(c, "minutes", domain.MinSessionMinutes, domain.MaxSessionMinutes)
	if err != nil {
		return err
	}
	in.Minutes = n
	if c.set("package") {
		if in.Package, err = domain.ParseID(c.str("package")); err != nil {
			return err
		}
	}
	if c.set("template") {
		if in.Template, err = domain.ParseID(c.str("template")); err != nil {
			return err
		}
	}
	if !c.set("weeks") {
		s, err := c.env.Service.BookSession(c.who, in)
		if errors.Is(err, domain.ErrPastSession) {
			return fmt.Errorf("%w; say which with --status completed or --status no-show", err)
		}
		if err != nil {
			return err
		}
		verb := "Booked"
		if s.Session.Status != domain.SessionScheduled {
			verb = "Recorded"
		}
		return c.emitSession(s, verb)
	}
	weeks, err := parseCount(c, "weeks", 1, domain.MaxSeriesWeeks)
	if err != nil {
		return err
	}
	series, err := c.env.Service.BookSeries(c.who, in, weeks)
	if err != nil {
		return err
	}
	out := make([]sessionJSON, len(series))
	for i, s := range series {
		out[i] = sessionView(s)
	}
	return c.emit(out, func(w *textOut) {
		for _, s := range series {
			w.line(sessionLine("Booked", s))
		}
		if len(series) > 0 && series[0].Session.Package != 0 {
			w.line(strconv.Itoa(len(series)) + " credits taken from package " + series[0].Session.Package.String() + " (" + series[0].PackageName + ").")
		}
	})
}

func runSessionsReschedule(c *call) error {
	id, err := c.idArg()
	if err != nil {
		return err
	}
	s, err := c.env.Service.RescheduleSession(c.who, id, c.str("start"))
	if err != nil {
		return err
	}
	return c.emitSession(s, "Rescheduled")
}

func runSessionsCancel(c *call) error {
	id, err := c.idArg()
	if err != nil {
		return err
	}
	s, err := c.env.Service.CancelSession(c.who, id)
	if err != nil {
		return err
	}
	return c.emitSession(s, "Cancelled")
}

func runSessionsComplete(c *call) error {
	id, err := c.idArg()
	if err != nil {
		return err
	}
	s, err := c.env.Service.CompleteSession(c.who, id, c.flag("no-show"))
	if err != nil {
		return err
	}
	return c.emitSession(s, "Marked")
}

// runGroupBook is sessions book --group: one session of a group's coach
// with every member (R22).
func runGroupBook(c *call) error {
	for _, f := range []string{"client", "package", "weeks", "status", "template"} {
		if c.set(f) {
			return usagef(c.cmd, "--group books every member of the group: leave out --%s", f)
		}
	}
	n, err := parseCount(c, "minutes", domain.MinSessionMinutes, domain.MaxSessionMinutes)
	if err != nil {
		return err
	}
	list, err := c.env.Service.BookGroupSession(c.who, domain.GroupBooking{Group: c.str("group"), Coach: c.str("coach"), Start: c.str("start"), Minutes: n})
	if err != nil {
		return err
	}
	out := make([]sessionJSON, len(list))
	for i, s := range list {
		out[i] = sessionView(s)
	}
	return c.emit(out, func(w *textOut) {
		if len(list) == 0 {
			return
		}
		s := list[0]
		w.line("Booked a group session of " + s.GroupName + " with " + coachText(s) + ", " + s.Start.Format("Mon 2006-01-02 15:04 MST") + " for " + strconv.Itoa(s.Session.Minutes) + " min: " + domain.Plural(len(list), "member", "members") + ".")
		for _, s := range list {
			w.line("  session " + s.Session.ID.String() + " for " + s.Client.Handle)
		}
	})
}

func runSessionsWithdraw(c *call) error {
	id, err := c.idArg()
	if err != nil {
		return err
	}
	s, err := c.env.Service.WithdrawFromSession(c.who, id, c.str("client"))
	if err != nil {
		return err
	}
	return c.emit(sessionView(s), func(w *textOut) {
		w.line("Withdrawn: " + s.Client.Handle + " will not come to the group session of " + s.GroupName + ", " + s.Start.Format("Mon 2006-01-02 15:04 MST") + " (session " + s.Session.ID.String() + ").")
	})
}
