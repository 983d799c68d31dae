package demo

import (
	"time"

	"behalf/domain"
)

func init() { extras = append(extras, seedPurchases) }

// seedPurchases puts the demo's shop in order (R55, R56): Family 6 and
// Starter 3 are for sale in the portal, a monthly check-in is sold by
// subscription, and a card is on file; the plan leaves client seats unlimited, as an owner sets them.
// It makes no package or invoice, so the practice's ids stay as they were.
func seedPurchases(w *domain.Seeder, org domain.Org, people map[string]*domain.Person, now time.Time) error {
	catalog, err := w.Catalog()
	if err != nil {
		return err
	}
	for _, e := range catalog {
		if e.Name == "Family 6" || e.Name == "Starter 3" {
			e.Purchasable = true
			if err := w.Put(&e); err != nil {
				return err
			}
		}
	}
	monthly := domain.CatalogEntry{Name: "Monthly check-in", Sessions: 2, PriceCents: 18000, Currency: org.Currency, ValidityDays: 31,
		Created: now.AddDate(0, 0, -30), CreatedBy: people["olivia"].ID, Purchasable: true, Every: "1m"}
	if err := w.Put(&monthly); err != nil {
		return err
	}
	org, err = w.Org()
	if err != nil {
		return err
	}
	org.Seats = 0
	org.PaymentMethod = "Visa 4242 " + now.AddDate(2, 0, 0).Format("01/06")
	return w.Put(&org)
}
