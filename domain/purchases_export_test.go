package domain

// IssueDueForTest is one transaction of a scheduler pass: period of
// subscription id, if it is still the one due.
func (s *Service) IssueDueForTest(id ID, period int) (bool, error) { return s.issueDue(id, period) }

// ReissueForTest invoices period of subscription id again, skipping the
// check a pass makes first, so that only the transaction's unique period
// key stands in the way (R55).
func (s *Service) ReissueForTest(id ID, period int) error {
	return s.system(func(o *op) error {
		sub, err := loadSubscription(o.tx, id)
		if err != nil {
			return err
		}
		e, err := loadCatalogEntry(o.tx, sub.Entry)
		if err != nil {
			return err
		}
		sub.NextPeriod = period
		_, _, err = o.issuePeriod(&sub, e)
		return err
	})
}
