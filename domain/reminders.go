package domain

import (
	"strconv"
	"time"
)

// Reminders: a session's reminder a set number of hours before it starts
// (24 by default, per organisation), and an action's alert on its due day
// at 08:00, each sent once through the recipients' notification settings
// (events session_reminder and action_due). They are due passes of the
// scheduler (schedule.go). Their due times are what the store already
// keeps — sessions by start, open actions by due day — and one record,
// reminderState, says how far each pass has got, so a restart repeats
// nothing and misses nothing:
//   - sessions starting in (SessionsThrough, now + lead] are reminded, then
//     SessionsThrough moves to now + lead, in the same transaction. A
//     reminder whose time passed while the server was down is sent late,
//     once — unless the session has started by then: it is skipped.
//   - A session booked or moved less than lead ahead gets no reminder: its
//     booking (or change) notice has just told everyone. Moving a session
//     that was reminded to a later time reminds again before the new time;
//     a cancelled session is never reminded.
//   - Actions due today are alerted once on the day, from 08:00; a day
//     missed while the server was down is not alerted late (the client's
//     home shows what is overdue).

const colReminders Collection = "reminders"

// Actions of reminder settings.
const (
	ActRemindersShow Action = "reminders.show"
	ActRemindersSet  Action = "reminders.set"
)

const (
	DefaultReminderHours = 24
	MaxReminderHours     = 7 * 24
	// actionAlertHour is when, on its due day, an action is alerted.
	actionAlertHour = 8
	// reminderBatch bounds the sessions one transaction reminds.
	reminderBatch = 200
)

const reminderStateID ID = 1

// reminderState is the organisation's reminder setting and how far the
// passes have got.
type reminderState struct {
	ID    ID  `json:"id"`
	Hours int `json:"hours"` // before a session; 0: off
	// Set: Hours was chosen (otherwise the default applies).
	Set             bool      `json:"set,omitempty"`
	SessionsThrough time.Time `json:"sessions_through,omitzero"`
	ActionsThrough  string    `json:"actions_through,omitempty"` // a day, DateLayout
}

func (r reminderState) hours() int {
	if !r.Set {
		return DefaultReminderHours
	}
	return r.Hours
}

func (r reminderState) lead() time.Duration { return time.Duration(r.hours()) * time.Hour }

func loadReminderState(tx Tx) (reminderState, error) {
	r, err := get[reminderState](tx, colReminders, reminderStateID)
	if KindOf(err) == KindNotFound {
		return reminderState{ID: reminderStateID}, nil
	}
	return r, err
}

func saveReminderState(tx Tx, r *reminderState) error {
	r.ID = reminderStateID
	return tx.Put(colReminders, r.ID, r)
}

func init() {
	addDuePass("session reminders", (*Service).remindSessions)
	addDuePass("action alerts", (*Service).alertActions)
}

// remindSessions is the sessions' due pass.
func (s *Service) remindSessions(now time.Time) (next time.Time, ok bool, err error) {
	for more := true; more; {
		err = s.store.Update(func(tx Tx) error {
			o, err := s.systemOp(tx, now)
			if err != nil {
				return err
			}
			st, err := loadReminderState(tx)
			if err != nil {
				return err
			}
			from, upto := st.SessionsThrough, now.Add(st.lead())
			if from.IsZero() {
				from = now
			}
			more = false
			if st.hours() > 0 && upto.After(from) {
				var batch []Session
				err := each(tx, colSessions, Query{Index: "start", From: practiceTimeKey(from.Add(time.Second))}, func(ses Session) (bool, error) {
					if ses.Start.After(upto) {
						return false, nil
					}
					if len(batch) >= reminderBatch && !ses.Start.Equal(batch[len(batch)-1].Start) {
						more = true // the rest in the next transaction, from a new start time
						return false, nil
					}
					batch = append(batch, ses)
					return true, nil
				})
				if err != nil {
					return err
				}
				for _, ses := range batch {
					if err := o.remindSession(ses, st.lead()); err != nil {
						return err
					}
				}
				if more {
					upto = batch[len(batch)-1].Start
				}
			}
			st.SessionsThrough = upto
			if st.hours() == 0 {
				st.SessionsThrough = now
			}
			if err := saveReminderState(tx, &st); err != nil {
				return err
			}
			if more || st.hours() == 0 {
				return nil
			}
			// The next reminder: the first scheduled session after the cursor.
			return each(tx, colSessions, Query{Index: "start", From: practiceTimeKey(upto.Add(time.Second))}, func(ses Session) (bool, error) {
				if ses.Status != SessionScheduled {
					return true, nil
				}
				next, ok = ses.Start.Add(-st.lead()), true
				return false, nil
			})
		})
		if err != nil {
			return time.Time{}, false, err
		}
	}
	return next, ok, nil
}

// remindSession tells the session's people it is coming, if it is still
// on, not started, and was booked (or last moved) before its reminder
// time.
func (o *op) remindSession(ses Session, lead time.Duration) error {
	if ses.Status != SessionScheduled || !ses.Start.After(o.now) {
		return nil // cancelled, or started while the server was down: skipped
	}
	set := ses.Booked
	if ses.Changed.After(set) {
		set = ses.Changed
	}
	if set.After(ses.Start.Add(-lead)) {
		return nil // its booking or change notice told them already
	}
	recipients := []ID{ses.Client}
	if ses.Group == 0 || ses.Occasion == ses.ID || ses.Occasion == 0 {
		recipients = append(recipients, ses.Coach) // a group's coach once, not per member
	}
	links, err := linksOfClient(o.tx, ses.Client)
	if err != nil {
		return err
	}
	for _, l := range links {
		if l.Live(o.now, o.a.Org.Location()) && l.Perms.Has(ContactSchedule) {
			recipients = append(recipients, l.Contact)
		}
	}
	when := ses.Start.In(o.a.Org.Location()).Format(WallLayout)
	o.emailWords = map[string][]Word{
		"coach": say(ses.Coach), "start": say(when), "minutes": say(strconv.Itoa(ses.Minutes)),
	}
	defer func() { o.emailWords = nil }()
	return o.notify(EventSessionReminder, ses.Client, recipients,
		say("Reminder: ", ses.Client, "'s session with ", ses.Coach, " on ", when, " ("+strconv.Itoa(ses.Minutes)+" minutes)."))
}

// alertActions is the actions' due pass: once a day, from 08:00.
func (s *Service) alertActions(now time.Time) (next time.Time, ok bool, err error) {
	err = s.store.Update(func(tx Tx) error {
		o, err := s.systemOp(tx, now)
		if err != nil {
			return err
		}
		loc := o.a.Org.Location()
		local := now.In(loc)
		today := local.Format(DateLayout)
		at := time.Date(local.Year(), local.Month(), local.Day(), actionAlertHour, 0, 0, 0, loc)
		st, err := loadReminderState(tx)
		if err != nil {
			return err
		}
		if st.ActionsThrough >= today || now.Before(at) {
			next, ok = at, true
			if st.ActionsThrough >= today {
				next = time.Date(local.Year(), local.Month(), local.Day()+1, actionAlertHour, 0, 0, 0, loc)
			}
			return nil
		}
		acts, err := all[ActionItem](tx, colActions, Query{Index: "due_day", Prefix: today + "/"})
		if err != nil {
			return err
		}
		for _, a := range acts {
			if err := o.alertAction(a, today); err != nil {
				return err
			}
		}
		st.ActionsThrough = today
		next, ok = time.Date(local.Year(), local.Month(), local.Day()+1, actionAlertHour, 0, 0, 0, loc), true
		return saveReminderState(tx, &st)
	})
	return next, ok, err
}

func (o *op) alertAction(a ActionItem, today string) error {
	if a.Done || a.Due != today {
		return nil
	}
	o.emailWords = map[string][]Word{"action": say(a.Title), "due": say(a.Due)}
	defer func() { o.emailWords = nil }()
	return o.notify(EventActionDue, a.Client, []ID{a.Client}, say("Due today: “"+a.Title+"” for ", a.Client, "."))
}

// ReminderSettings is the organisation's reminder setting.
type ReminderSettings struct {
	Hours   int  // before a session; 0: no session reminders
	Default bool // the default applies
}

// Reminders returns the organisation's reminder setting.
func (s *Service) Reminders(who Who) (ReminderSettings, error) {
	var out ReminderSettings
	err := s.read(who, func(o *op) error {
		if err := o.authorize(ActRemindersShow, Target{}); err != nil {
			return err
		}
		st, err := loadReminderState(o.tx)
		out = ReminderSettings{Hours: st.hours(), Default: !st.Set}
		return err
	})
	return out, err
}

// SetReminderHours sets how many hours before a session its reminder goes
// (0: none), for the whole organisation (manage_branding: the system
// emails, R24).
func (s *Service) SetReminderHours(who Who, hours int) (ReminderSettings, error) {
	var out ReminderSettings
	err := s.write(who, func(o *op) error {
		if err := o.authorize(ActRemindersSet, Target{}); err != nil {
			return err
		}
		if hours < 0 || hours > MaxReminderHours {
			return inField("hours", invalidf("reminders go 0 to %d hours before a session (0: none)", MaxReminderHours))
		}
		st, err := loadReminderState(o.tx)
		if err != nil {
			return err
		}
		if st.Set && st.Hours == hours {
			return conflictf("session reminders are already %s", reminderWords(hours))
		}
		st.Hours, st.Set = hours, true
		if err := saveReminderState(o.tx, &st); err != nil {
			return err
		}
		o.tx.Changed(ScheduleFeed)
		out = ReminderSettings{Hours: hours}
		return o.audit(ActRemindersSet, record{Target: "reminders", Detail: reminderWords(hours)})
	})
	return out, err
}

// reminderWords: "24 hours before a session", or "off".
func reminderWords(h int) string {
	if h == 0 {
		return "off"
	}
	return Plural(h, "hour", "hours") + " before a session"
}
