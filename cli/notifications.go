package cli

import (
	"time"

	"behalf/domain"
)

func init() {
	register(
		&command{noun: "notifications", verb: "show", maxArgs: 0, summary: "notification settings: each event by portal, email and sms",
			run: runNotificationsShow},
		&command{noun: "notifications", verb: "set", maxArgs: 0, summary: "turn one event on or off for one channel",
			flags: []flagSpec{
				{name: "event", arg: "E", usage: "session_booked, session_changed, invoice_issued, invoice_paid, contact_added, progress_shared", req: true},
				{name: "channel", arg: "portal|email|sms", usage: "how it reaches you", req: true},
				{name: "on", kind: boolf, usage: "turn it on"},
				{name: "off", kind: boolf, usage: "turn it off"},
			}, run: runNotificationsSet},
		&command{noun: "notifications", verb: "outbox", maxArgs: 0, summary: "(owner only) the emails and sms sent, waiting or failed, newest first",
			flags: []flagSpec{
				{name: "status", arg: "queued|sent|failed|kept", usage: "only these: waiting to be sent, sent, failed, or kept here only (sms, or a server that sends no email)"},
				{name: "before", arg: "ID", usage: "the page before this item"},
				{name: "limit", arg: "N", usage: "at most N items (default 50)"},
			}, run: runNotificationsOutbox},
	)
}

type settingJSON struct {
	Event   string `json:"event"`
	Channel string `json:"channel"`
	On      bool   `json:"on"`
}

func runNotificationsShow(c *call) error {
	rows, err := c.env.Service.NotificationSettings(c.who)
	if err != nil {
		return err
	}
	out := make([]settingJSON, 0, len(rows))
	on := map[string]map[string]bool{}
	for _, r := range rows {
		out = append(out, settingJSON{string(r.Event), string(r.Channel), r.On})
		if on[string(r.Event)] == nil {
			on[string(r.Event)] = map[string]bool{}
		}
		on[string(r.Event)][string(r.Channel)] = r.On
	}
	return c.emit(out, func(w *textOut) {
		w.row("EVENT", "PORTAL", "EMAIL", "SMS")
		for _, e := range domain.Events {
			m := on[string(e)]
			w.row(string(e), onOff(m["portal"]), onOff(m["email"]), onOff(m["sms"]))
		}
	})
}

func onOff(on bool) string {
	if on {
		return "on"
	}
	return "off"
}

func runNotificationsSet(c *call) error {
	if c.flag("on") == c.flag("off") {
		return usagef(c.cmd, "give exactly one of --on or --off")
	}
	ev, err := domain.ParseEvent(c.str("event"))
	if err != nil {
		return err
	}
	ch, err := domain.ParseChannel(c.str("channel"))
	if err != nil {
		return err
	}
	r, err := c.env.Service.SetNotification(c.who, ev, ch, c.flag("on"))
	if err != nil {
		return err
	}
	out := settingJSON{string(r.Event), string(r.Channel), r.On}
	return c.emit(out, func(w *textOut) {
		w.line("Saved: " + out.Event + " by " + out.Channel + " is " + onOff(out.On) + ".")
	})
}

type outboxJSON struct {
	ID      string `json:"id"`
	At      string `json:"at"`
	Person  string `json:"person"`
	To      string `json:"to"`
	Channel string `json:"channel"`
	Event   string `json:"event"`
	Text    string `json:"text"`
	Subject string `json:"subject,omitempty"`
	// The queue (domain/mail.go): status, failed attempts, the mail
	// server's last refusal, when it was accepted, and the Message-ID.
	Status    string `json:"status"`
	Attempts  int    `json:"attempts"`
	LastError string `json:"last_error"`
	SentAt    string `json:"sent_at"`
	Reply     string `json:"reply,omitempty"`
	MessageID string `json:"message_id,omitempty"`
}

func runNotificationsOutbox(c *call) error {
	pq, err := pageQuery(c)
	if err != nil {
		return err
	}
	q := domain.OutboxQuery{Before: pq.Before, Limit: pq.Limit}
	if c.set("status") {
		if q.Status, err = domain.ParseMailStatus(c.str("status")); err != nil {
			return err
		}
	}
	items, err := c.env.Service.Outbox(c.who, q)
	if err != nil {
		return err
	}
	loc := c.loc()
	out := make([]outboxJSON, 0, len(items))
	for _, it := range items {
		j := outboxJSON{ID: it.ID.String(), At: it.At.In(loc).Format(time.RFC3339), Person: it.Handle, To: it.To,
			Channel: string(it.Channel), Event: string(it.Event), Text: it.Text, Subject: it.Subject,
			Status: string(it.Status), Attempts: it.Attempts, LastError: it.LastError, Reply: it.Reply, MessageID: it.MessageID}
		if !it.SentAt.IsZero() {
			j.SentAt = it.SentAt.In(loc).Format(time.RFC3339)
		}
		out = append(out, j)
	}
	return c.emit(out, func(w *textOut) {
		w.table("Nothing in the outbox.", "ID", "AT", "CHANNEL", "TO", "EVENT", "STATUS", "TEXT")
		for i, it := range out {
			w.row(it.ID, items[i].At.In(loc).Format("2006-01-02 15:04"), it.Channel, it.To, it.Event, outboxStatus(items[i]), it.Text)
		}
	})
}

// outboxStatus is an item's status in words: "sent", "failed: 550 …",
// "queued (2 tries)".
func outboxStatus(it domain.OutboxItem) string {
	switch it.Status {
	case domain.MailFailed:
		return "failed: " + it.LastError
	case domain.MailQueued:
		if it.Attempts > 0 {
			return "queued (" + domain.Plural(it.Attempts, "failed try", "failed tries") + ")"
		}
	}
	return string(it.Status)
}
