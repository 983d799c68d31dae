package domain

import (
	"fmt"
	"slices"
	"strings"
	"time"
)

// SessionStatus is where a session stands (R50).
type SessionStatus string

const (
	SessionScheduled SessionStatus = "scheduled"
	SessionCompleted SessionStatus = "completed"
	SessionCancelled SessionStatus = "cancelled"
	SessionNoShow    SessionStatus = "no-show"
)

// Bounds on sessions.
const (
	MinSessionMinutes = 15
	MaxSessionMinutes = 240
	MaxSeriesWeeks    = 26 // a weekly series books at most half a year
	// sessionsAhead: nothing is booked more than two years ahead.
	sessionsAheadYears = 2
	// sessionsBackDays: the team may record a session that already took
	// place up to this many days ago; clients and contacts book ahead only.
	sessionsBackDays = 90
	// creditReturnWindow: cancelling more than this long before the start
	// returns a package credit (R51); at exactly 24 hours it is kept.
	creditReturnWindow = 24 * time.Hour
	// maxListDays bounds the date window of one sessions list.
	maxListDays = 400
)

// Session is one appointment of a client with a coach (R50). Start is
// stored in UTC and shown in the organisation's zone.
type Session struct {
	ID      ID            `json:"id"`
	Client  ID            `json:"client"`
	Coach   ID            `json:"coach"`
	Start   time.Time     `json:"start"`
	Minutes int           `json:"minutes"`
	Status  SessionStatus `json:"status"`
	// Package is the client package a credit was taken from (R51).
	Package        ID   `json:"package,omitempty"`
	CreditReturned bool `json:"credit_returned,omitempty"`
	// BookedBy is who acted; BookedFor on whose behalf (an assistant's
	// practitioner, a contact's client), as in the audit (R44).
	BookedBy  ID        `json:"booked_by"`
	BookedFor ID        `json:"booked_for,omitempty"`
	Booked    time.Time `json:"booked"`
	ChangedBy ID        `json:"changed_by,omitempty"`
	Changed   time.Time `json:"changed,omitempty"`
	// Group is the group of a group session; Occasion the id of its first
	// session, shared by every member's (group_sessions.go).
	Group    ID `json:"group,omitempty"`
	Occasion ID `json:"occasion,omitempty"`
	// Agenda is the session template's headings as they stood when it
	// was booked: later edits of the template do not change it (R21).
	Agenda *Agenda `json:"agenda,omitempty"`
}

// Agenda is a copy of a session template's headings (agenda.go).
type Agenda struct {
	Template ID       `json:"template"`
	Name     string   `json:"name"`
	Version  int      `json:"version"`
	Headings []string `json:"headings"`
}

// End is when the session is over.
func (s Session) End() time.Time { return s.Start.Add(time.Duration(s.Minutes) * time.Minute) }

// CancelReturnsCredit says whether cancelling s at now gives its package
// credit back (R51): only more than 24 hours before the start.
// CancelSession decides by it, and screens say so before asking.
func (s Session) CancelReturnsCredit(now time.Time) bool {
	return s.Package != 0 && s.Start.Sub(now) > creditReturnWindow
}

// blocks: only a cancelled session frees its time (completed and no-show
// sessions did take the slot).
func (s Session) blocks() bool { return s.Status != SessionCancelled }

// practiceTimeKey is the sortable index form of an instant.
func practiceTimeKey(t time.Time) string { return t.UTC().Format("2006-01-02T15:04:05Z") }

func sessionIndexes(s *Session) []Index {
	tk := practiceTimeKey(s.Start)
	idx := []Index{
		{Name: "client", Key: s.Client.Key() + "/" + tk},
		{Name: "coach", Key: s.Coach.Key() + "/" + tk},
		{Name: "start", Key: tk},
	}
	if s.Package != 0 {
		idx = append(idx, Index{Name: "package", Key: s.Package.Key() + "/" + tk})
	}
	if s.Group != 0 {
		idx = append(idx, Index{Name: "group", Key: s.Group.Key() + "/" + tk + "/" + s.ID.Key()},
			Index{Name: "occasion", Key: pairKey(s.Occasion, s.ID)})
	}
	return idx
}

func saveSession(tx Tx, s *Session) error {
	if err := newID(tx, colSessions, &s.ID); err != nil {
		return err
	}
	return tx.Put(colSessions, s.ID, s, sessionIndexes(s)...)
}

func loadSession(tx Tx, id ID) (Session, error) {
	s, err := get[Session](tx, colSessions, id)
	if KindOf(err) == KindNotFound {
		return s, noSession(id)
	}
	return s, err
}

// noSession is the answer for a session id that does not exist, or that
// this workspace may not see.
func noSession(id ID) error { return notFoundf("no session %s", id) }

// busyWith finds a session that keeps person busy somewhere in [start,
// end), other than except, in either role: as client or as coach.
// Sessions never last more than MaxSessionMinutes, so only those starting
// in (start-max, end) can overlap: a short backwards walk of the person's
// client and coach entries from end, which stops at the first entry whose
// key says it starts too early. Back-to-back sessions do not overlap, and
// a cancelled session keeps no one busy. A session in the window is read
// only as far as the check needs (sessionSpan); the one that keeps the
// person busy is read whole.
func busyWith(tx Tx, person ID, start, end time.Time, except ID) (Session, bool, error) {
	var hit ID
	earliest := start.Add(-MaxSessionMinutes * time.Minute)
	prefix := person.Key() + "/"
	tooEarly := prefix + practiceTimeKey(earliest) // keys below it start before earliest
	for _, role := range []string{"client", "coach"} {
		q := Query{Index: role, Prefix: prefix, After: prefix + practiceTimeKey(end), Reverse: true}
		err := tx.Scan(colSessions, q, func(key string, id ID) (bool, error) {
			if key < tooEarly {
				return false, nil
			}
			s, err := get[sessionSpan](tx, colSessions, id)
			if err != nil {
				return false, err
			}
			if !s.Start.After(earliest) {
				return false, nil
			}
			if s.ID != except && s.blocks() && s.end().After(start) && s.Start.Before(end) {
				hit = s.ID
				return false, nil
			}
			return true, nil
		})
		if err != nil {
			return Session{}, false, err
		}
		if hit != 0 {
			s, err := get[Session](tx, colSessions, hit)
			return s, err == nil, err
		}
	}
	return Session{}, false, nil
}

// sessionSpan is what an overlap check reads of a session: when it starts,
// how long it lasts, and whether it keeps anyone busy.
type sessionSpan struct {
	ID      ID            `json:"id"`
	Start   time.Time     `json:"start"`
	Minutes int           `json:"minutes"`
	Status  SessionStatus `json:"status"`
}

func (s sessionSpan) blocks() bool { return Session{Status: s.Status}.blocks() }

func (s sessionSpan) end() time.Time { return Session{Start: s.Start, Minutes: s.Minutes}.End() }

// --- times in the organisation's zone

// ParseLocalTime reads "2006-01-02 15:04" (or "2006-01-02T15:04") as a
// wall-clock time in loc and returns the instant (R50). A time the clocks
// skip (spring forward) is refused; a time that happens twice (fall back)
// is its first occurrence. Every time a person types goes through here.
func ParseLocalTime(s string, loc *time.Location) (time.Time, error) {
	text := strings.TrimSpace(s)
	wall, err := time.Parse(WallLayout, strings.Replace(text, "T", " ", 1))
	if err != nil || len(text) != len(WallLayout) {
		return time.Time{}, invalidf("%q is not a time: write it as %s, e.g. 2026-03-14 09:30 (in %s)", clip(text, 24), TimeHint, loc)
	}
	t, ok := resolveWall(wall, loc)
	if !ok {
		return time.Time{}, invalidf("%s does not exist in %s: the clocks spring forward over it (daylight saving time); pick a time outside that hour", wall.Format(WallLayout), loc)
	}
	return t, nil
}

// ParseDay reads a date a person typed, "2006-01-02", as that calendar
// day (at midnight UTC: a civil date, no zone). Every date a person types
// goes through here.
func ParseDay(s string) (time.Time, error) {
	text := strings.TrimSpace(s)
	d, err := time.Parse(DateLayout, text)
	if err != nil || len(text) != len(DateLayout) {
		return time.Time{}, invalidf("%q is not a date: write it as %s, e.g. 2026-03-14", clip(text, 24), DateHint)
	}
	return d, nil
}

// resolveWall turns wall-clock fields (carried in a UTC time) into the
// earliest instant that shows them in loc; false if none does (a gap).
func resolveWall(wall time.Time, loc *time.Location) (time.Time, bool) {
	var best time.Time
	found := false
	for _, probe := range []time.Time{wall.Add(-36 * time.Hour), wall, wall.Add(36 * time.Hour)} {
		_, off := probe.In(loc).Zone()
		cand := wall.Add(-time.Duration(off) * time.Second)
		if sameWall(cand.In(loc), wall) && (!found || cand.Before(best)) {
			best, found = cand, true
		}
	}
	return best, found
}

func sameWall(a, b time.Time) bool {
	return a.Year() == b.Year() && a.Month() == b.Month() && a.Day() == b.Day() && a.Hour() == b.Hour() && a.Minute() == b.Minute()
}

// ParseDate reads "2006-01-02" as the start of that day in loc.
func ParseDate(s string, loc *time.Location) (time.Time, error) {
	d, err := ParseDay(s)
	if err != nil {
		return time.Time{}, err
	}
	return startOfDay(d, loc), nil
}

// startOfDay is midnight of d's date in loc (or the first instant of that
// day where midnight is skipped).
func startOfDay(d time.Time, loc *time.Location) time.Time {
	wall := time.Date(d.Year(), d.Month(), d.Day(), 0, 0, 0, 0, time.UTC)
	for i := 0; i < 4; i++ {
		if t, ok := resolveWall(wall, loc); ok {
			return t
		}
		wall = wall.Add(30 * time.Minute)
	}
	return time.Date(d.Year(), d.Month(), d.Day(), 0, 0, 0, 0, loc)
}

// today is the start of the organisation's current day.
func (o *op) today() time.Time {
	return startOfDay(o.now.In(o.a.Org.Location()), o.a.Org.Location())
}

// addDays moves a day start by n calendar days in loc.
func addDays(day time.Time, n int, loc *time.Location) time.Time {
	return startOfDay(day.In(loc).AddDate(0, 0, n), loc)
}

// localTime formats an instant for people in the organisation's zone.
func (o *op) localTime(t time.Time) string {
	return t.In(o.a.Org.Location()).Format("2006-01-02 15:04 MST")
}

// --- who may coach a session

// coachAccess is a coach's own access to a client (R11, R17): their
// pairing, raised by their coach_all_clients / view_all_clients.
func coachAccess(tx Tx, coach Person, client ID) Level {
	lvl := LevelNone
	if p, err := pairingOf(tx, client, coach.ID); err == nil {
		lvl = p.Level
	}
	perms := coach.EffectivePerms()
	if perms.Has(PermCoachAllClients) && lvl < LevelCoaching {
		lvl = LevelCoaching
	}
	if perms.Has(PermViewAllClients) && lvl < LevelView {
		lvl = LevelView
	}
	return lvl
}

// hiddenCoach: a view-only coach is invisible to the client and those
// acting for them (R14), and so are their sessions.
func (o *op) hiddenCoach(coach, client ID) bool {
	if o.a.Teamish() {
		return false
	}
	p, err := pairingOf(o.tx, client, coach)
	return err != nil || p.Level == LevelView // unreadable: hide rather than leak
}

// checkCoach: the session's coach must be an active pool coach with
// coaching access to the client (R50, R13, R14). Clients and contacts book
// only with the client's own coaches (primary or coaching).
func (o *op) checkCoach(coach, client Person) error {
	if !coach.IsCoach() {
		return invalidf("%s is not a team coach, so cannot hold sessions", coach.Handle)
	}
	if !coach.Active() {
		return conflictf("%s is deactivated and cannot hold sessions", coach.Handle)
	}
	if !o.a.Teamish() {
		p, _ := pairingOf(o.tx, client.ID, coach.ID)
		if p.Level < LevelCoaching {
			return invalidf("%s is not one of %s's coaches; book with your primary or coaching coach", coach.Handle, client.Handle)
		}
		return nil
	}
	if p, err := pairingOf(o.tx, client.ID, coach.ID); err != nil {
		return err
	} else if p.Level == LevelView {
		// invisible to the client (R14), whatever coach_all_clients says
		return conflictf("%s has view-only access to %s and cannot hold their sessions", coach.Handle, client.Handle)
	}
	switch coachAccess(o.tx, coach, client.ID) {
	case LevelPrimary, LevelCoaching:
		return nil
	case LevelView:
		return conflictf("%s has view-only access to %s and cannot hold their sessions", coach.Handle, client.Handle) // R14
	}
	return conflictf("%s does not coach %s; pair them first", coach.Handle, client.Handle) // R50
}

// checkStart keeps a start within sane bounds: clients and contacts book
// ahead only; the team may record a recent past session.
func (o *op) checkStart(t time.Time) error {
	loc := o.a.Org.Location()
	if t.After(o.now.AddDate(sessionsAheadYears, 0, 0)) {
		return invalidf("%s is more than %d years ahead; pick an earlier time", t.In(loc).Format(WallLayout), sessionsAheadYears)
	}
	if !o.a.Teamish() && !t.After(o.now) {
		return invalidf("%s is in the past; pick a time from now on", t.In(loc).Format(WallLayout))
	}
	if t.Before(o.now.AddDate(0, 0, -sessionsBackDays)) {
		return invalidf("%s is more than %d days ago; only recent sessions can be recorded", t.In(loc).Format(WallLayout), sessionsBackDays)
	}
	return nil
}

func checkMinutes(n int) error {
	if n < MinSessionMinutes || n > MaxSessionMinutes {
		return invalidf("a session lasts %d to %d minutes, not %d", MinSessionMinutes, MaxSessionMinutes, n)
	}
	return nil
}

// checkFree refuses a double booking of the coach or the client (R50).
func (o *op) checkFree(coach, client Person, start time.Time, minutes int, except ID) error {
	end := start.Add(time.Duration(minutes) * time.Minute)
	for _, p := range []Person{coach, client} {
		s, busy, err := busyWith(o.tx, p.ID, start, end, except)
		if err != nil {
			return err
		}
		if busy {
			return conflictf("%s already has a session %s–%s; pick a time that does not overlap", // R50
				p.Handle, o.localTime(s.Start), s.End().In(o.a.Org.Location()).Format("15:04"))
		}
	}
	return nil
}

// --- use cases

// Booking is what `sessions book` and the booking form collect.
type Booking struct {
	Client string // handle; in me and contact workspaces it defaults to that client
	// Coach is a handle; empty means you (a coach booking in the team or
	// assistant workspace) or the client's primary coach.
	Coach   string
	Start   string // WallLayout or TimeLayout, in the organisation's zone
	Minutes int
	Package ID // the client package to take a credit from; 0 for none (R51)
	// Status is empty (or scheduled) for a session ahead. The team records
	// a session that already took place as what it was, completed or
	// no-show, never as scheduled (R50).
	Status SessionStatus
	// Template is a session template whose agenda the session keeps; 0
	// for none (the team only, R21).
	Template ID
}

// BookSession books one session (R50, R51).
func (s *Service) BookSession(who Who, in Booking) (SessionView, error) {
	var out []SessionView
	err := s.write(who, func(o *op) error {
		var err error
		out, err = o.book(in, 1)
		return err
	})
	if err != nil {
		return SessionView{}, err
	}
	return out[0], nil
}

// BookSeries books weeks weekly sessions at the same wall-clock time in
// the organisation's zone, across daylight-saving changes; all or none.
func (s *Service) BookSeries(who Who, in Booking, weeks int) ([]SessionView, error) {
	var out []SessionView
	err := s.write(who, func(o *op) error {
		var err error
		out, err = o.book(in, weeks)
		return err
	})
	return out, err
}

func (o *op) book(in Booking, weeks int) ([]SessionView, error) {
	client, err := o.client(in.Client)
	if err != nil {
		return nil, inField("client", err)
	}
	coach, err := o.sessionCoach(in.Coach, client)
	if err != nil {
		return nil, inField("coach", err)
	}
	if err := o.authorize(ActSessionsBook, Target{Client: &client, Coach: &coach}); err != nil {
		return nil, err
	}
	if !client.Active() {
		return nil, inField("client", conflictf("%s is deactivated; reactivate them before booking", client.Handle))
	}
	if err := o.checkCoach(coach, client); err != nil {
		return nil, inField("coach", err)
	}
	if err := checkMinutes(in.Minutes); err != nil {
		return nil, inField("minutes", err)
	}
	if weeks < 1 || weeks > MaxSeriesWeeks {
		return nil, inField("weeks", invalidf("a weekly series has 1 to %d sessions, not %d", MaxSeriesWeeks, weeks))
	}
	status, err := o.bookingStatus(in.Status, client, coach, weeks)
	if err != nil {
		return nil, err
	}
	loc := o.a.Org.Location()
	first, err := ParseLocalTime(in.Start, loc)
	if err != nil {
		return nil, inField("start", err)
	}
	starts := make([]time.Time, 0, weeks)
	for i := 0; i < weeks; i++ {
		w := first.In(loc).AddDate(0, 0, 7*i)
		wall := time.Date(w.Year(), w.Month(), w.Day(), first.In(loc).Hour(), first.In(loc).Minute(), 0, 0, time.UTC)
		t, ok := resolveWall(wall, loc)
		if !ok {
			return nil, inField("start", invalidf("%s does not exist in %s: the clocks spring forward over it; pick another time for the series", wall.Format(WallLayout), loc))
		}
		if err := o.checkStart(t); err != nil {
			return nil, inField("start", err)
		}
		if err := o.checkRecorded(t, status); err != nil {
			return nil, inField("status", err) // a past time needs what happened
		}
		starts = append(starts, t)
	}
	agenda, err := o.agendaFor(in.Template)
	if err != nil {
		return nil, inField("template", err)
	}
	var pkg *ClientPackage
	if in.Package != 0 {
		p, err := o.packageForBooking(in.Package, client, starts)
		if err != nil {
			return nil, inField("package", err)
		}
		pkg = &p
	}
	var out []SessionView
	for _, start := range starts {
		if err := o.checkFree(coach, client, start, in.Minutes, 0); err != nil {
			return nil, inField("start", err) // the time clashes: another time is the way out
		}
		ses := Session{Client: client.ID, Coach: coach.ID, Start: start.UTC(), Minutes: in.Minutes, Status: status,
			BookedBy: o.a.Actor.ID, BookedFor: o.a.OnBehalfOf(), Booked: o.now, Agenda: agenda.clone()}
		detail := fmt.Sprintf("with %s at %s for %d min", coach.Handle, o.localTime(start), in.Minutes)
		if agenda != nil {
			detail += fmt.Sprintf("; agenda from template %s version %d", agenda.Template, agenda.Version)
		}
		if status != SessionScheduled {
			ses.Changed, ses.ChangedBy = o.now, o.a.Actor.ID
			detail = "recorded as " + string(status) + ", " + detail
		}
		if pkg != nil {
			ses.Package = pkg.ID
			pkg.SessionsUsed++
			detail += fmt.Sprintf("; credit from package %s (%d of %d used)", pkg.ID, pkg.SessionsUsed, pkg.SessionsTotal)
		}
		if err := saveSession(o.tx, &ses); err != nil {
			return nil, err
		}
		if err := o.audit(ActSessionsBook, record{Target: "session " + ses.ID.String(), Client: client.ID, Person: coach.ID, Detail: detail}); err != nil {
			return nil, err
		}
		// A session recorded after it took place tells nobody: there is
		// nothing to come to, and the audit keeps who recorded it.
		if status == SessionScheduled {
			if err := o.notifySession("session_booked", ses, say("Session booked: ", client, " with ", coach, fmt.Sprintf(", %s (%d min).", o.localTime(start), in.Minutes))); err != nil {
				return nil, err
			}
		}
		out = append(out, o.newViewer().session(ses))
	}
	if pkg != nil {
		if err := savePackage(o.tx, pkg); err != nil {
			return nil, err
		}
		for i := range out {
			out[i].PackageName = pkg.Name
		}
	}
	o.touchPractice(client.ID, coach.ID)
	return out, nil
}

// bookingStatus checks what a booking records (R50): a session ahead is
// scheduled; only the team records one that took place, one at a time,
// as completed or no-show, and only those who may mark sessions may.
func (o *op) bookingStatus(st SessionStatus, client, coach Person, weeks int) (SessionStatus, error) {
	switch st {
	case "", SessionScheduled:
		return SessionScheduled, nil
	case SessionCompleted, SessionNoShow:
	default:
		return "", invalidf("a session is recorded as completed or no-show, not %q", clip(string(st), 20))
	}
	if !o.a.Teamish() {
		return "", invalidf("only the team records a session that took place; book a time from now on")
	}
	if weeks != 1 {
		return "", invalidf("sessions that took place are recorded one at a time, not as a series")
	}
	if err := o.authorize(ActSessionsComplete, Target{Client: &client, Coach: &coach}); err != nil {
		return "", err
	}
	return st, nil
}

// checkRecorded: a session in the past is recorded as what it was, never
// as scheduled; one that has not started cannot have been completed.
func (o *op) checkRecorded(t time.Time, st SessionStatus) error {
	loc := o.a.Org.Location()
	switch {
	case st == SessionScheduled && !t.After(o.now):
		return &Error{Kind: KindInvalid, cause: ErrPastSession,
			Msg: fmt.Sprintf("%s is in the past; a session that took place is recorded as completed or no-show, never as booked ahead", t.In(loc).Format(TimeLayout))}
	case st != SessionScheduled && t.After(o.now):
		return invalidf("%s has not come yet; only a session that has started can be recorded as %s", t.In(loc).Format(TimeLayout), st)
	}
	return nil
}

// sessionCoach names the coach of a new session: the one asked for, or by
// default the coach booking (team, assistant) or the client's primary.
func (o *op) sessionCoach(handle string, client Person) (Person, error) {
	if handle != "" {
		return o.person(handle)
	}
	if o.a.Teamish() && o.a.Principal.IsCoach() {
		return o.a.Principal, nil
	}
	if p, ok := primaryOf(o.tx, client.ID); ok {
		return p, nil
	}
	return Person{}, invalidf("name the coach with --coach")
}

// BookableCoach is a coach this workspace may book a client's sessions
// with, and their pairing with the client (LevelNone: reached through
// coach_all_clients alone).
type BookableCoach struct {
	Coach Person
	Level Level
}

// BookableCoaches lists the coaches BookSession accepts for the client
// here (R13, R14, R15, R50), so a screen offers exactly those: the
// default one (the coach booking, else the primary) first, then by
// pairing level and handle.
func (s *Service) BookableCoaches(who Who, client string) ([]BookableCoach, error) {
	var out []BookableCoach
	err := s.read(who, func(o *op) error {
		c, err := o.client(client)
		if err != nil {
			return err
		}
		var cands []Person
		if o.a.Teamish() {
			if cands, err = peopleWith(o.tx, "team"); err != nil {
				return err
			}
		} else { // clients and contacts book only with the client's own coaches
			ps, err := pairingsOfClient(o.tx, c.ID)
			if err != nil {
				return err
			}
			for _, p := range ps {
				k, err := loadPerson(o.tx, p.Coach)
				if err != nil {
					return err
				}
				cands = append(cands, k)
			}
		}
		for _, k := range cands {
			if !o.allowed(ActSessionsBook, Target{Client: &c, Coach: &k}) || o.checkCoach(k, c) != nil {
				continue
			}
			lvl := LevelNone
			if p, err := pairingOf(o.tx, c.ID, k.ID); err == nil {
				lvl = p.Level
			}
			out = append(out, BookableCoach{Coach: k, Level: lvl})
		}
		def, _ := o.sessionCoach("", c)
		slices.SortStableFunc(out, func(a, b BookableCoach) int {
			if (a.Coach.ID == def.ID) != (b.Coach.ID == def.ID) {
				if a.Coach.ID == def.ID {
					return -1
				}
				return 1
			}
			if a.Level != b.Level {
				return int(b.Level) - int(a.Level)
			}
			return strings.Compare(a.Coach.Handle, b.Coach.Handle)
		})
		return nil
	})
	return out, err
}

// loadSessionFor loads a session this workspace may see for act; a hidden
// session (a view-only coach's, for the client side, R14) is not found.
func (o *op) loadSessionFor(id ID, act Action) (Session, Person, Person, error) {
	ses, err := loadSession(o.tx, id)
	g := o.groupOfSession(ses) // a group session's coaches see it (R22)
	if err == nil && !o.coachesSession(g) {
		err = o.inSight(ses.Client, noSession(id))
	}
	if err == nil && o.hiddenSession(ses) {
		err = noSession(id)
	}
	if err != nil {
		return ses, Person{}, Person{}, err
	}
	v := o.newViewer()
	client, coach := v.person(ses.Client), v.person(ses.Coach)
	return ses, client, coach, o.authorize(act, Target{Client: &client, Coach: &coach, Group: g})
}

// ShowSession returns one session.
func (s *Service) ShowSession(who Who, id ID) (SessionView, error) {
	var out SessionView
	err := s.read(who, func(o *op) error {
		ses, _, _, err := o.loadSessionFor(id, ActSessionsList)
		if err != nil {
			return err
		}
		out = o.newViewer().session(ses)
		return nil
	})
	return out, err
}

// RescheduleSession moves a scheduled session to a new start (R50); the
// coach and the client must be free then, and a package credit stays with
// it as long as the package is still valid at the new time.
func (s *Service) RescheduleSession(who Who, id ID, start string) (SessionView, error) {
	var out SessionView
	err := s.write(who, func(o *op) error {
		ses, client, coach, err := o.loadSessionFor(id, ActSessionsReschedule)
		if err != nil {
			return err
		}
		if ses.Group != 0 {
			return conflictf("session %s is a group session, which moves for everyone or not at all: cancel it and book it again", id) // R22
		}
		if ses.Status != SessionScheduled {
			return conflictf("session %s is %s; only a scheduled session can be rescheduled", id, ses.Status)
		}
		if !o.a.Teamish() && !ses.Start.After(o.now) {
			return conflictf("session %s has already started; ask the coach", id)
		}
		if err := o.checkCoach(coach, client); err != nil {
			return err
		}
		t, err := ParseLocalTime(start, o.a.Org.Location())
		if err != nil {
			return err
		}
		if t.Equal(ses.Start) {
			return conflictf("session %s already starts at %s", id, o.localTime(t))
		}
		if err := o.checkStart(t); err != nil {
			return err
		}
		if ses.Package != 0 {
			if p, err := loadPackage(o.tx, ses.Package); err == nil && !t.Before(p.ExpiresAt(o.a.Org.Location())) {
				return conflictf("package %s expires on %s, before %s; pick an earlier time or cancel and book without it", p.ID, p.Expires, o.localTime(t)) // R51
			}
		}
		if err := o.checkFree(coach, client, t, ses.Minutes, ses.ID); err != nil {
			return err
		}
		from := ses.Start
		ses.Start, ses.Changed, ses.ChangedBy = t.UTC(), o.now, o.a.Actor.ID
		if err := saveSession(o.tx, &ses); err != nil {
			return err
		}
		o.touchPractice(client.ID, coach.ID)
		out = o.newViewer().session(ses)
		if err := o.notifySession("session_changed", ses, say("Session moved: ", client, " with ", coach, fmt.Sprintf(", from %s to %s.", o.localTime(from), o.localTime(t)))); err != nil {
			return err
		}
		return o.audit(ActSessionsReschedule, record{Target: "session " + id.String(), Client: client.ID, Person: coach.ID,
			Detail: "from " + o.localTime(from) + " to " + o.localTime(t)})
	})
	return out, err
}

// CancelSession cancels a scheduled session; cancelling more than 24
// hours before its start returns its package credit (R51).
func (s *Service) CancelSession(who Who, id ID) (SessionView, error) {
	var out SessionView
	err := s.write(who, func(o *op) error {
		ses, client, coach, err := o.loadSessionFor(id, ActSessionsCancel)
		if err != nil {
			return err
		}
		if ses.Status != SessionScheduled {
			return conflictf("session %s is %s; only a scheduled session can be cancelled", id, ses.Status)
		}
		if !o.a.Teamish() && !ses.Start.After(o.now) {
			return conflictf("session %s has already started and can no longer be cancelled", id)
		}
		if ses.Group != 0 { // the team cancels a group session for everyone (R22)
			if err := o.cancelOccasion(ses); err != nil {
				return err
			}
			ses.Status = SessionCancelled
			out = o.newViewer().session(ses)
			return nil
		}
		detail := "at " + o.localTime(ses.Start)
		if ses.Package != 0 {
			if ses.CancelReturnsCredit(o.now) {
				p, err := loadPackage(o.tx, ses.Package)
				if err != nil {
					return err
				}
				if p.SessionsUsed > 0 {
					p.SessionsUsed--
				}
				if err := savePackage(o.tx, &p); err != nil {
					return err
				}
				ses.CreditReturned = true
				detail += fmt.Sprintf("; credit returned to package %s", p.ID)
			} else {
				detail += fmt.Sprintf("; credit of package %s kept: cancelled 24 hours or less ahead", ses.Package) // R51
			}
		}
		ses.Status, ses.Changed, ses.ChangedBy = SessionCancelled, o.now, o.a.Actor.ID
		if err := saveSession(o.tx, &ses); err != nil {
			return err
		}
		o.touchPractice(client.ID, coach.ID)
		out = o.newViewer().session(ses)
		if err := o.notifySession("session_changed", ses, say("Session cancelled: ", client, " with ", coach, ", "+o.localTime(ses.Start)+".")); err != nil {
			return err
		}
		return o.audit(ActSessionsCancel, record{Target: "session " + id.String(), Client: client.ID, Person: coach.ID, Detail: detail})
	})
	return out, err
}

// CompleteSession marks a session that has started as completed or as a
// no-show; the package credit stays used either way.
func (s *Service) CompleteSession(who Who, id ID, noShow bool) (SessionView, error) {
	var out SessionView
	err := s.write(who, func(o *op) error {
		ses, client, coach, err := o.loadSessionFor(id, ActSessionsComplete)
		if err != nil {
			return err
		}
		if ses.Status != SessionScheduled {
			return conflictf("session %s is already %s", id, ses.Status)
		}
		if ses.Start.After(o.now) {
			return conflictf("session %s starts at %s; mark it once it has started", id, o.localTime(ses.Start))
		}
		ses.Status, ses.Changed, ses.ChangedBy = SessionCompleted, o.now, o.a.Actor.ID
		if noShow {
			ses.Status = SessionNoShow
		}
		if err := saveSession(o.tx, &ses); err != nil {
			return err
		}
		o.touchPractice(client.ID, coach.ID)
		out = o.newViewer().session(ses)
		return o.audit(ActSessionsComplete, record{Target: "session " + id.String(), Client: client.ID, Person: coach.ID, Detail: "marked " + string(ses.Status)})
	})
	return out, err
}

// SessionFilter selects sessions for a list or an agenda.
type SessionFilter struct {
	Client string // one client (in me and contact workspaces: that client)
	Coach  string // one coach's sessions (team)
	// From and To are days (2006-01-02, in the organisation's zone), both
	// included. Empty From is 30 days before today (or 120 days before
	// To); empty To is 90 days after From.
	From, To string
	Limit    int // default DefaultPage, at most MaxPage
}

// SessionList is one page of sessions in start order.
type SessionList struct {
	Sessions []SessionView
	From, To time.Time // the window: [From, To)
	More     bool      // the page is full; narrow the window to see the rest
}

// ListSessions lists the sessions this workspace may see in a window of
// days (R50): the team sees clients it has access to (or all with
// schedule_all); a client and their contacts never see a view-only
// coach's sessions (R14).
func (s *Service) ListSessions(who Who, f SessionFilter) (SessionList, error) {
	var out SessionList
	err := s.read(who, func(o *op) error {
		var err error
		out, err = o.listSessions(f)
		return err
	})
	return out, err
}

func (o *op) sessionWindow(f SessionFilter) (time.Time, time.Time, error) {
	loc := o.a.Org.Location()
	var from, to time.Time
	var err error
	if f.From != "" {
		if from, err = ParseDate(f.From, loc); err != nil {
			return from, to, err
		}
	}
	if f.To != "" {
		if to, err = ParseDate(f.To, loc); err != nil {
			return from, to, err
		}
		to = addDays(to, 1, loc)
	}
	switch {
	case f.From == "" && f.To == "":
		from = addDays(o.today(), -30, loc)
		to = addDays(from, 120, loc)
	case f.From == "":
		from = addDays(to, -120, loc)
	case f.To == "":
		to = addDays(from, 91, loc)
	}
	if !to.After(from) {
		return from, to, invalidf("--to %s is before --from %s", f.To, f.From)
	}
	if to.Sub(from) > maxListDays*24*time.Hour+time.Hour {
		return from, to, invalidf("list at most %d days at a time; narrow --from/--to", maxListDays)
	}
	return from, to, nil
}

func (o *op) listSessions(f SessionFilter) (SessionList, error) {
	from, to, err := o.sessionWindow(f)
	if err != nil {
		return SessionList{}, err
	}
	out := SessionList{From: from, To: to}
	limit := pageSize(f.Limit)
	v := o.newViewer()
	scan := func(index, prefix string, keep func(Session) bool) ([]Session, bool, error) {
		var got []Session
		more := false
		q := Query{Index: index, Prefix: prefix, From: prefix + practiceTimeKey(from)}
		stop := prefix + practiceTimeKey(to)
		err := o.tx.Scan(colSessions, q, func(key string, id ID) (bool, error) {
			if key >= stop {
				return false, nil
			}
			ses, err := get[Session](o.tx, colSessions, id)
			if err != nil {
				return false, err
			}
			if !keep(ses) {
				return true, nil
			}
			if len(got) == limit {
				more = true
				return false, nil
			}
			got = append(got, ses)
			return true, nil
		})
		return got, more, err
	}
	// The team's lists show a group session once, and to the group's
	// coaches though they may not see each member's file (R22).
	occasions := map[ID]bool{}
	visible := func(ses Session) bool {
		if ses.Group != 0 && o.a.Teamish() {
			if occasions[ses.Occasion] {
				return false
			}
			if o.coachesSession(o.groupOfSession(ses)) || v.may(ActSessionsList, ses.Client) {
				occasions[ses.Occasion] = true
				return true
			}
		}
		if !v.may(ActSessionsList, ses.Client) {
			return false
		}
		return !o.hiddenSession(ses)
	}
	var rows []Session
	switch {
	case f.Client != "" || !o.a.Teamish():
		c, err := o.client(f.Client)
		if err != nil {
			return out, err
		}
		if err := o.authorize(ActSessionsList, Target{Client: &c}); err != nil {
			return out, err
		}
		var coachID ID
		if f.Coach != "" {
			k, err := o.person(f.Coach)
			if err != nil {
				return out, err
			}
			coachID = k.ID
		}
		rows, out.More, err = scan("client", c.ID.Key()+"/", func(s Session) bool {
			return (coachID == 0 || s.Coach == coachID) && !o.hiddenSession(s)
		})
		if err != nil {
			return out, err
		}
	case f.Coach != "":
		k, err := o.person(f.Coach)
		if err != nil {
			return out, err
		}
		if !k.IsTeam() {
			return out, invalidf("%s is not a team coach", k.Handle)
		}
		rows, out.More, err = scan("coach", k.ID.Key()+"/", visible)
		if err != nil {
			return out, err
		}
	default:
		all, clients, err := o.teamClients(PermScheduleAll)
		if err != nil {
			return out, err
		}
		if all {
			if rows, out.More, err = scan("start", "", visible); err != nil {
				return out, err
			}
			break
		}
		// The clients' windows merged in start order, reading only as
		// far as the page needs (ties in client order, as a stable sort of
		// the clients' lists would give).
		qs := make([]Query, len(clients))
		stops := make([]string, len(clients))
		for i, c := range clients {
			prefix := c.Key() + "/"
			qs[i] = Query{Index: "client", Prefix: prefix, From: prefix + practiceTimeKey(from)}
			stops[i] = prefix + practiceTimeKey(to)
		}
		// Keys are "ID.Key()/time": compare the times.
		const at = len("0123456789abcdef/")
		byStart := func(a, b mergeEntry) bool { return a.Key[at:] < b.Key[at:] }
		stop := func(q int, key string) bool { return key >= stops[q] }
		err = mergeScan(o.tx, colSessions, qs, byStart, stop, func(_ string, id ID) (bool, error) {
			ses, err := get[Session](o.tx, colSessions, id)
			if err != nil {
				return false, err
			}
			if !visible(ses) {
				return true, nil
			}
			if len(rows) == limit {
				out.More = true
				return false, nil
			}
			rows = append(rows, ses)
			return true, nil
		})
		if err != nil {
			return out, err
		}
	}
	if len(rows) > 0 {
		out.Sessions = make([]SessionView, 0, len(rows)) // the agenda keeps it while open
	}
	for _, ses := range rows {
		out.Sessions = append(out.Sessions, v.session(ses))
	}
	return out, nil
}
