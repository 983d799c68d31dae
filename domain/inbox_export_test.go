package domain

// NotifyForTest delivers an event as who would inside a use case, so the
// delivery rules of notify are proved before every event has a caller.
func (s *Service) NotifyForTest(who Who, ev Event, about ID, to []ID, text string) error {
	return s.write(who, func(o *op) error { return o.notify(ev, about, to, say(text)) })
}
