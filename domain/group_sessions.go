package domain

import (
	"fmt"
	"strings"
	"time"
)

// Group sessions (R22, R50): one session, one coach of the group, every
// member. It is kept as one session per member, all sharing the id of the
// first (the occasion), so each member's schedule — and their contacts'
// with `schedule` — shows it like any session of theirs, and the overlap
// rule holds for the coach and for each member. The team books and
// cancels it for everyone; a member, or their contact with `schedule`,
// withdraws only that member. A group session is never moved: it is
// cancelled and booked again. The team's own lists show it once.

const ActSessionsWithdraw Action = "sessions.withdraw"

// hiddenSession: a view-only coach's session is hidden from the client
// and their contacts (R14) — but not a group session: the group's coach is
// seen by its members in the group and its sessions (R22).
func (o *op) hiddenSession(s Session) bool {
	return s.Group == 0 && o.hiddenCoach(s.Coach, s.Client)
}

// groupOfSession is the group of a group session, if it still exists.
func (o *op) groupOfSession(s Session) *Group {
	if s.Group == 0 {
		return nil
	}
	g, err := loadGroup(o.tx, s.Group)
	if err != nil {
		return nil
	}
	return &g
}

// coachesSession: a team workspace sees a group session of a group it
// coaches, or of any group with view_all_groups, though it may not see the
// member's file (R22).
func (o *op) coachesSession(g *Group) bool {
	j := o.judge()
	return g != nil && (j.coachesGroup(g) || j.teamish() && o.a.Has(PermViewAllGroups))
}

// ruleSessionsList: a session is read as the client's data (R30), and a
// group session also by those who see into its group.
func ruleSessionsList(j judge, t Target) Decision {
	if t.Group != nil && j.teamish() && (j.coachesGroup(t.Group) || j.a.Has(PermViewAllGroups)) {
		return allow("%s see into the group %s", j.whose(), t.Group.Name)
	}
	return ruleClientData(LevelView, ContactSchedule, PermScheduleAll, "sessions")(j, t)
}

// ruleGroupSchedule: group sessions are booked and cancelled by the team —
// schedule_all, or schedule_own for a coach of the group holding it
// themself (R15, R16, R22).
func ruleGroupSchedule(j judge, t Target) Decision {
	switch {
	case !j.teamish():
		return deny("group sessions are booked and cancelled by the team; withdraw from one instead")
	case j.a.Has(PermScheduleAll):
		return allow("%s hold schedule_all", j.whose())
	case !j.a.Has(PermScheduleOwn):
		return deny("to schedule you need schedule_own or schedule_all; %s hold neither", j.whose())
	case !j.coachesGroup(t.Group):
		return deny("schedule_own covers the groups %s coach; this is not one", j.whose())
	case t.Coach != nil && t.Coach.ID != j.a.Principal.ID:
		return deny("schedule_own covers %s's own appointments, not %s's", j.a.Principal.Name, t.Coach.Name)
	}
	return allow("%s hold schedule_own and coach the group", j.whose())
}

// ruleSessionsWithdraw: the member themself, a contact of theirs with
// `schedule` (R30), or the team as it schedules the group.
func ruleSessionsWithdraw(j judge, t Target) Decision {
	switch j.a.Workspace.Kind {
	case WSMe:
		if ok, d := j.forOwnClient(t.Client); !ok {
			return d
		}
		return allow("this is your own place in the session")
	case WSContact:
		if ok, d := j.forOwnClient(t.Client); !ok {
			return d
		}
		if j.a.contact.Has(ContactSchedule) {
			return allow("your link to %s carries schedule", j.a.Principal.Name)
		}
		return deny("your link to %s does not include schedule", j.a.Principal.Name)
	}
	if t.Group == nil {
		return deny("only a group session is withdrawn from; cancel a session of one's own")
	}
	return ruleGroupSchedule(j, t)
}

// GroupBooking is what `sessions book --group` and the group's booking
// form collect.
type GroupBooking struct {
	Group   string // handle
	Coach   string // a coach of the group; empty: you, as one of them
	Start   string
	Minutes int
}

// BookGroupSession books one session of a group with one of its coaches
// and every active member (R22, R50): the coach and each member must be
// free then. Everyone is told, and each member's contacts with schedule.
func (s *Service) BookGroupSession(who Who, in GroupBooking) ([]SessionView, error) {
	var out []SessionView
	err := s.write(who, func(o *op) error {
		out = nil // a retry starts afresh (Store.Update)
		g, err := o.group(in.Group)
		if err != nil {
			return inField("group", err)
		}
		var coach Person
		switch {
		case strings.TrimSpace(in.Coach) != "":
			if coach, err = o.person(in.Coach); err != nil {
				return inField("coach", err)
			}
		case o.a.Teamish() && g.hasCoach(o.a.Principal.ID):
			coach = o.a.Principal
		default:
			return inField("coach", invalidf("name the coach who holds it with --coach"))
		}
		if err := o.authorize(ActSessionsBook, Target{Group: &g, Coach: &coach}); err != nil {
			return err
		}
		if !g.hasCoach(coach.ID) {
			return inField("coach", invalidf("%s does not coach the group %s", coach.Handle, g.Handle))
		}
		if !coach.Active() || !coach.IsCoach() {
			return inField("coach", conflictf("%s cannot hold sessions now", coach.Handle))
		}
		if err := checkMinutes(in.Minutes); err != nil {
			return inField("minutes", err)
		}
		start, err := ParseLocalTime(in.Start, o.a.Org.Location())
		if err != nil {
			return inField("start", err)
		}
		if err := o.checkStart(start); err != nil {
			return inField("start", err)
		}
		if !start.After(o.now) {
			return inField("start", invalidf("%s is in the past; a group session is booked ahead", o.localTime(start)))
		}
		var members []Person
		for _, id := range g.Members {
			m, err := loadPerson(o.tx, id)
			if err != nil {
				return err
			}
			if m.Active() {
				members = append(members, m)
			}
		}
		if len(members) == 0 {
			return conflictf("the group %s has no active members to meet", g.Handle)
		}
		end := start.Add(time.Duration(in.Minutes) * time.Minute)
		for _, p := range append([]Person{coach}, members...) {
			if busy, ok, err := busyWith(o.tx, p.ID, start, end, 0); err != nil {
				return err
			} else if ok {
				return conflictf("%s already has a session %s–%s; pick a time that does not overlap", // R50
					p.Handle, o.localTime(busy.Start), busy.End().In(o.a.Org.Location()).Format("15:04"))
			}
		}
		var occasion ID
		v := o.newViewer()
		for i, m := range members {
			ses := Session{Client: m.ID, Coach: coach.ID, Start: start.UTC(), Minutes: in.Minutes, Status: SessionScheduled,
				Group: g.ID, Occasion: occasion, BookedBy: o.a.Actor.ID, BookedFor: o.a.OnBehalfOf(), Booked: o.now}
			if i == 0 {
				if ses.ID, err = o.tx.NextID(colSessions); err != nil {
					return err
				}
				ses.Occasion, occasion = ses.ID, ses.ID
			}
			if err := saveSession(o.tx, &ses); err != nil {
				return err
			}
			o.touchPractice(m.ID)
			to := o.clientSide(m.ID, ContactSchedule)
			if i == 0 {
				to = append(to, coach.ID)
			}
			// the group's coach is seen by its members (R22): named as text
			w := say(fmt.Sprintf("Group session booked: %s with %s, %s (%d min).", g.Name, coach.Name, o.localTime(start), in.Minutes))
			if err := o.practiceNotify(string(EventSessionBooked), m.ID, w, to...); err != nil {
				return err
			}
			out = append(out, v.session(ses))
		}
		o.touchRelatedID(coach.ID)
		return o.audit(ActSessionsBook, record{Target: "group session " + occasion.String() + " of " + g.Handle, Person: coach.ID,
			Detail: fmt.Sprintf("with %s at %s for %d min; %s", coach.Handle, o.localTime(start), in.Minutes, Plural(len(members), "member", "members"))})
	})
	return out, err
}

// occasionOf lists the sessions of a group session, by its occasion id.
func occasionOf(tx Tx, occasion ID) ([]Session, error) {
	return all[Session](tx, colSessions, Query{Index: "occasion", Prefix: occasion.Key() + "/"})
}

// WithdrawFromSession takes one member out of a group session (R22): the
// member's own, named by its id — or, for the team, any session of the
// group session and the member by handle. The others keep theirs.
func (s *Service) WithdrawFromSession(who Who, id ID, client string) (SessionView, error) {
	var out SessionView
	err := s.write(who, func(o *op) error {
		ses, c, coach, err := o.loadSessionFor(id, ActSessionsList)
		if err != nil {
			return err
		}
		if ses.Group == 0 {
			return conflictf("session %s is not a group session; cancel it instead", id)
		}
		if strings.TrimSpace(client) != "" || !o.a.Teamish() {
			m, err := o.client(client)
			if err != nil {
				return inField("client", err)
			}
			if m.ID != ses.Client {
				mine, err := occasionOf(o.tx, ses.Occasion)
				if err != nil {
					return err
				}
				found := false
				for _, x := range mine {
					if x.Client == m.ID {
						ses, c, found = x, m, true
					}
				}
				if !found {
					return inField("client", invalidf("%s is not in group session %s", m.Handle, id))
				}
			}
		}
		g := o.groupOfSession(ses)
		if err := o.authorize(ActSessionsWithdraw, Target{Client: &c, Coach: &coach, Group: g}); err != nil {
			return err
		}
		if ses.Status != SessionScheduled {
			return conflictf("session %s is %s; only a scheduled session can be left", ses.ID, ses.Status)
		}
		if !o.a.Teamish() && !ses.Start.After(o.now) {
			return conflictf("session %s has already started; ask the coach", ses.ID)
		}
		if err := o.withdraw(ses, c); err != nil {
			return err
		}
		ses.Status = SessionCancelled
		out = o.newViewer().session(ses)
		return nil
	})
	return out, err
}

// withdraw cancels member c's place in a group session and tells the
// coach, the member and their schedule contacts (notify adds the primary).
func (o *op) withdraw(ses Session, c Person) error {
	ses.Status, ses.Changed, ses.ChangedBy = SessionCancelled, o.now, o.a.Actor.ID
	if err := saveSession(o.tx, &ses); err != nil {
		return err
	}
	o.touchPractice(c.ID, ses.Coach)
	w := say(c, fmt.Sprintf(" will not come to the group session of %s.", o.localTime(ses.Start)))
	if err := o.practiceNotify(string(EventSessionChanged), c.ID, w, append(o.clientSide(c.ID, ContactSchedule), ses.Coach)...); err != nil {
		return err
	}
	return o.audit(ActSessionsWithdraw, record{Target: "session " + ses.ID.String(), Client: c.ID, Person: ses.Coach, Detail: "from the group session at " + o.localTime(ses.Start)})
}

// cancelOccasion cancels every scheduled place in ses's group session, for
// everyone (the team's cancel).
func (o *op) cancelOccasion(ses Session) error {
	all, err := occasionOf(o.tx, ses.Occasion)
	if err != nil {
		return err
	}
	told := false
	for _, x := range all {
		if x.Status != SessionScheduled {
			continue
		}
		x.Status, x.Changed, x.ChangedBy = SessionCancelled, o.now, o.a.Actor.ID
		if err := saveSession(o.tx, &x); err != nil {
			return err
		}
		o.touchPractice(x.Client, x.Coach)
		to := o.clientSide(x.Client, ContactSchedule)
		if !told {
			to, told = append(to, x.Coach), true
		}
		w := say(fmt.Sprintf("Group session cancelled: %s.", o.localTime(x.Start)))
		if err := o.practiceNotify(string(EventSessionChanged), x.Client, w, to...); err != nil {
			return err
		}
	}
	return o.audit(ActSessionsCancel, record{Target: "group session " + ses.Occasion.String(), Person: ses.Coach, Detail: "at " + o.localTime(ses.Start)})
}

// upcomingOfGroup visits g's scheduled sessions from now on, one place per
// member.
func (o *op) upcomingOfGroup(g ID, fn func(Session) error) error {
	prefix := g.Key() + "/"
	var list []Session
	err := each(o.tx, colSessions, Query{Index: "group", Prefix: prefix, From: prefix + practiceTimeKey(o.now)}, func(s Session) (bool, error) {
		if s.Status == SessionScheduled {
			list = append(list, s)
		}
		return true, nil
	})
	if err != nil {
		return err
	}
	for _, s := range list {
		if err := fn(s); err != nil {
			return err
		}
	}
	return nil
}

// leaveGroupSessions withdraws a member who left g from its upcoming sessions.
func (o *op) leaveGroupSessions(g Group, member ID) error {
	c, err := loadPerson(o.tx, member)
	if err != nil {
		return err
	}
	return o.upcomingOfGroup(g.ID, func(s Session) error {
		if s.Client != member {
			return nil
		}
		return o.withdraw(s, c)
	})
}

// cancelGroupSessions cancels g's upcoming sessions for everyone (the
// group is deleted).
func (o *op) cancelGroupSessions(g Group) error {
	done := map[ID]bool{}
	return o.upcomingOfGroup(g.ID, func(s Session) error {
		if done[s.Occasion] {
			return nil
		}
		done[s.Occasion] = true
		return o.cancelOccasion(s)
	})
}

// refuseIfHolding keeps a group session with its coach: a coach who holds
// upcoming sessions of g is not removed from it until they are cancelled.
func (o *op) refuseIfHolding(g Group, coach Person) error {
	n := map[ID]bool{}
	err := o.upcomingOfGroup(g.ID, func(s Session) error {
		if s.Coach == coach.ID {
			n[s.Occasion] = true
		}
		return nil
	})
	if err != nil || len(n) == 0 {
		return err
	}
	return inField("remove-coach", conflictf("%s holds %s of the group %s; cancel them first", coach.Handle, Plural(len(n), "upcoming session", "upcoming sessions"), g.Handle))
}

// GroupSessionView is one group session as the group's screen shows it.
type GroupSessionView struct {
	Session   SessionView // the first place, for its time, coach and status
	Attending []Party     // members with a scheduled place
	Left      int         // members who withdrew
}

// GroupSessions lists a group's sessions from 30 days ago on, in start
// order, at most limit, for those who see into the group (R22).
func (s *Service) GroupSessions(who Who, group string, limit int) ([]GroupSessionView, error) {
	var out []GroupSessionView
	err := s.read(who, func(o *op) error {
		g, err := o.group(group)
		if err != nil {
			return err
		}
		if err := o.authorize(ActGroupsPosts, Target{Group: &g}); err != nil {
			return err
		}
		limit = pageSize(limit)
		prefix := g.ID.Key() + "/"
		from := addDays(o.today(), -30, o.a.Org.Location())
		v := o.newViewer()
		at := map[ID]int{}
		return each(o.tx, colSessions, Query{Index: "group", Prefix: prefix, From: prefix + practiceTimeKey(from)}, func(x Session) (bool, error) {
			i, ok := at[x.Occasion]
			if !ok {
				if len(out) == limit {
					return false, nil
				}
				at[x.Occasion], i = len(out), len(out)
				out = append(out, GroupSessionView{Session: v.session(x)})
			}
			if x.Status == SessionCancelled {
				out[i].Left++
			} else {
				out[i].Attending = append(out[i].Attending, v.groupParty(&g, x.Client, 0))
				if out[i].Session.Session.Status == SessionCancelled {
					out[i].Session = v.session(x) // a place still kept stands for the session
				}
			}
			return true, nil
		})
	})
	return out, err
}
