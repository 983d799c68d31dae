package domain

// MemoReadsForTest reads person id four times in one use case of who's,
// which it then rolls back: as stored; after changing the copy it read
// (its name, its first key's line, its permissions) without saving;
// after saving it renamed to name; and after deleting a pairing of theirs
// it had read. It returns the names and first keys' lines read, and
// whether the deleted pairing was found again.
func (s *Service) MemoReadsForTest(who Who, id ID, name string) (names, lines []string, pairingAfterDelete bool, err error) {
	errRollBack := invalidf("rolled back")
	err = s.write(who, func(o *op) error {
		names, lines = nil, nil // a group commit may run it again
		read := func() (Person, error) {
			p, err := loadPerson(o.tx, id)
			names = append(names, p.Name)
			c := ""
			if len(p.Keys) > 0 {
				c = p.Keys[0].Line
			}
			lines = append(lines, c)
			return p, err
		}
		p, err := read()
		if err != nil {
			return err
		}
		p.Name = "changed, not saved"
		if len(p.Keys) > 0 {
			p.Keys[0].Line = "changed, not saved"
		}
		if len(p.Perms) > 0 {
			p.Perms[0] = "changed"
		}
		if p, err = read(); err != nil {
			return err
		}
		p.Name = name
		if err := savePerson(o.tx, &p); err != nil {
			return err
		}
		if _, err := read(); err != nil {
			return err
		}
		ps, err := pairingsOfClient(o.tx, id)
		if err != nil || len(ps) == 0 {
			return invalidf("no pairing to delete: %v", err)
		}
		if _, err := get[Pairing](o.tx, colPairings, ps[0].ID); err != nil {
			return err
		}
		if err := o.tx.Delete(colPairings, ps[0].ID); err != nil {
			return err
		}
		_, err = get[Pairing](o.tx, colPairings, ps[0].ID)
		pairingAfterDelete = err == nil
		return errRollBack
	})
	if err == errRollBack {
		err = nil
	}
	return names, lines, pairingAfterDelete, err
}
