package domain

// SaveOlderInboxItemForTest stores an inbox item as items were written
// before their words kept people by id: the text with names in it, and
// the by-line as a name.
func (s *Service) SaveOlderInboxItemForTest(to, about ID, ev Event, scope, text, by string) error {
	return s.store.Update(func(tx Tx) error {
		it := InboxItem{Person: to, Event: ev, About: about, Text: text, By: by, Scope: scope, At: s.Now()}
		return saveInboxItem(tx, &it)
	})
}
