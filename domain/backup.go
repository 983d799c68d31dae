package domain

import "io"

// Backup streams a consistent copy of the whole database to w (owner only,
// R18). It reads one committed state while others keep writing.
func (s *Service) Backup(who Who, w io.Writer) (int64, error) {
	err := s.read(who, func(o *op) error { return o.authorize(ActBackup, Target{}) })
	if err != nil {
		return 0, err
	}
	return s.store.Backup(w)
}
