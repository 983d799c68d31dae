package domain

// NotifyForTest delivers an event as who would inside a use case, so the
// delivery rules of notify are proved before every event has a caller.
func (s *Service) NotifyForTest(who Who, ev Event, about ID, to []ID, text string) error {
	return s.write(who, func(o *op) error { return o.notify(ev, about, to, say(text)) })
}

// InboxEntriesForTest are the item ids person's inbox indexes hold, in
// every scope: under "box" (read) and under "unread".
func (s *Service) InboxEntriesForTest(person ID) (box, unread []ID, err error) {
	err = s.store.View(func(tx Tx) error {
		prefix := person.Key() + "/"
		if box, err = idsUnder(tx, colInbox, "box", prefix); err != nil {
			return err
		}
		unread, err = idsUnder(tx, colInbox, "unread", prefix)
		return err
	})
	return box, unread, err
}

// OldInboxItemForTest stores an unread item for person's every-workspace
// box as items were stored before each had one box entry: under both
// indexes.
func (s *Service) OldInboxItemForTest(person ID, text string) (ID, error) {
	var id ID
	err := s.store.Update(func(tx Tx) error {
		it := InboxItem{Person: person, Event: EventSessionBooked, Text: text, At: s.Now()}
		if err := newID(tx, colInbox, &it.ID); err != nil {
			return err
		}
		id = it.ID
		idx := inboxIndexes(&it) // its unread entry
		return tx.Put(colInbox, it.ID, &it, append(idx, Index{Name: "box", Key: idx[0].Key})...)
	})
	return id, err
}

// AfterOutboxScanForTest has fn run in a deletion between its read of the
// outbox and its write, where other writes may land.
func (s *Service) AfterOutboxScanForTest(fn func()) { s.afterOutboxScan = fn }
