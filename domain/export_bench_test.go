package domain

// DecideLoop resolves who's access once, in one read transaction, and hands
// loop a function that runs one authorisation decision of act on t in it:
// the decision alone, as every use case makes it after loading its records.
func (s *Service) DecideLoop(who Who, act Action, t Target, loop func(decide func() Decision)) error {
	return s.read(who, func(o *op) error {
		loop(func() Decision { return decide(o.tx, o.a, act, t) })
		return nil
	})
}
