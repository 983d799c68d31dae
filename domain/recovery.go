package domain

import (
	"fmt"
	"strings"
	"time"
)

// Account recovery: someone who signed in before and lost every key gets a
// one-time code from the account owner (R18) that binds one new key. It
// is the one way, besides a first invitation, that a key is bound without
// being proved by a key the person already holds (R2, R46), so it is the
// owner's alone, tells the person by every channel they have, revokes
// nothing, and is audited.

// KindAccount is a notice about one's own account: always delivered, to
// the portal and by email, whatever the notification settings say.
const KindAccount Event = "account"

// Recovery is what RecoverAccount did.
type Recovery struct {
	Invite
	// Kept lists the keys that still sign the person in: recovery removes
	// none, and their open sessions go on.
	Kept []SSHKey
	// Told lists the channels the person was told by.
	Told []Channel
}

// RecoverAccount gives the account owner a recovery code for handle
// (people.recover). The code binds one new key within RecoveryTTL; an
// earlier unused invitation or recovery code stops working.
func (s *Service) RecoverAccount(who Who, handle string) (Recovery, error) {
	var out Recovery
	err := s.write(who, func(o *op) error {
		p, err := o.person(handle)
		if err != nil {
			return err
		}
		if err := o.authorize(ActPeopleRecover, Target{Person: &p}); err != nil {
			return err
		}
		if !p.Active() {
			return conflictf("%s is deactivated; reactivate them before recovering their account", p.Handle)
		}
		inv, err := o.issue(p, true)
		if err != nil {
			return err
		}
		loc := o.a.Org.Location()
		text := fmt.Sprintf("%s, the account owner, started recovering your sign-in: a one-time code valid until %s binds a new key to your account. %s If you did not ask for this, tell %s at once.",
			o.a.Actor.Name, inv.Expires.In(loc).Format(DateLayout+" 15:04"), keptText(p.Keys), o.a.Actor.Name)
		told, err := o.warnAccount(p, text)
		if err != nil {
			return err
		}
		out = Recovery{Invite: inv, Kept: p.Keys, Told: told}
		o.touchTeam()
		return o.audit(ActPeopleRecover, record{Target: p.Handle, Person: p.ID,
			Detail: fmt.Sprintf("recovery code valid until %s; %s; told by %s", inv.Expires.In(loc).Format(time.RFC3339), keysWord(len(p.Keys))+" kept", channelList(told))})
	})
	return out, err
}

func keysWord(n int) string { return Plural(n, "key", "keys") }

// keptText says what recovery leaves in place.
func keptText(keys []SSHKey) string {
	if len(keys) == 0 {
		return "No key signs you in now."
	}
	verb := "still signs"
	if len(keys) > 1 {
		verb = "still sign"
	}
	return fmt.Sprintf("Nothing was removed: your %s %s you in; remove any you lost under your account's keys once you are back.", keysWord(len(keys)), verb)
}

func channelList(cs []Channel) string {
	s := make([]string, len(cs))
	for i, c := range cs {
		s[i] = string(c)
	}
	return strings.Join(s, " and ")
}

// warnAccount tells p about their own account by every channel they have:
// the portal inbox (in every workspace), email when they have an address,
// and SMS when they turned it on for anything. Their settings cannot turn
// it off: a person is always told when their sign-in changes.
func (o *op) warnAccount(p Person, text string) ([]Channel, error) {
	return warnAccount(o.s, o.tx, p, o.now, o.byLabel(), text)
}

func warnAccount(s *Service, tx Tx, p Person, now time.Time, by, text string) ([]Channel, error) {
	text = notifyText(text)
	it := InboxItem{Person: p.ID, Event: KindAccount, Text: text, At: now, By: by}
	if err := saveInboxItem(tx, &it); err != nil {
		return nil, err
	}
	tx.Changed(PersonFeed(p.ID))
	told := []Channel{ChannelPortal}
	n, err := loadNotifySettings(tx, p.ID)
	if err != nil {
		return nil, err
	}
	org, err := loadOrg(tx)
	if err != nil {
		return nil, err
	}
	sms := false
	for _, v := range n.rows() {
		sms = sms || v.Channel == ChannelSMS && v.On
	}
	for _, ch := range []Channel{ChannelEmail, ChannelSMS} {
		if ch == ChannelEmail && p.Email == "" || ch == ChannelSMS && !sms {
			continue
		}
		if err := s.sendOut(tx, org, p, ch, OutboxItem{Event: KindAccount, Text: text, At: now}); err != nil {
			return nil, err
		}
		told = append(told, ch)
	}
	return told, nil
}
