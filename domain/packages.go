package domain

import (
	"cmp"
	"fmt"
	"slices"
	"strings"
	"time"
)

// Bounds on the package catalogue.
const (
	MaxPackageSessions = 100
	MaxPackageDays     = 3 * 366
	maxCatalogEntries  = 200
)

// CatalogEntry is a package the practice offers (R51).
type CatalogEntry struct {
	ID           ID        `json:"id"`
	Name         string    `json:"name"`
	Sessions     int       `json:"sessions"`
	PriceCents   int64     `json:"price_cents"`
	Currency     string    `json:"currency"`
	ValidityDays int       `json:"validity_days"`
	Created      time.Time `json:"created"`
	CreatedBy    ID        `json:"created_by"`
	// Purchasable: the client or a billing contact may buy it (R55).
	Purchasable bool `json:"purchasable,omitempty"`
	// Every is how often a recurring entry renews ("1m", "2w"; see
	// ParseEvery); empty for a one-off package.
	Every string `json:"every,omitempty"`
}

// ClientPackage is a catalogue entry assigned to a client (R51). It
// belongs to the client, also when a contact bought it (R37).
type ClientPackage struct {
	ID            ID     `json:"id"`
	Client        ID     `json:"client"`
	Entry         ID     `json:"entry"`
	Name          string `json:"name"`
	SessionsTotal int    `json:"sessions_total"`
	SessionsUsed  int    `json:"sessions_used"`
	PriceCents    int64  `json:"price_cents"`
	Currency      string `json:"currency"`
	// Expires is the day (2006-01-02, organisation's zone) the package
	// stops being usable: assigned day + validity days. Sessions must start
	// before it begins.
	Expires    string    `json:"expires"`
	Assigned   time.Time `json:"assigned"`
	AssignedBy ID        `json:"assigned_by"`
	// BoughtBy is who paid for it: a contact (R37), or the client who
	// bought it themself in the portal (R55).
	BoughtBy ID `json:"bought_by,omitempty"`
	// Invoice is the purchase's invoice, for a package bought in the
	// portal or renewed by a subscription (purchases.go); Pending until it
	// is paid in full, and not usable meanwhile (R55).
	Invoice      ID   `json:"invoice,omitempty"`
	Pending      bool `json:"pending,omitempty"`
	ValidityDays int  `json:"validity_days,omitempty"` // counted from payment
	Subscription ID   `json:"subscription,omitempty"`
}

// Remaining is how many sessions are left.
func (p ClientPackage) Remaining() int { return max(p.SessionsTotal-p.SessionsUsed, 0) }

// ExpiresAt is the instant the package stops being usable.
func (p ClientPackage) ExpiresAt(loc *time.Location) time.Time {
	t, err := ParseDate(p.Expires, loc)
	if err != nil {
		return time.Time{}
	}
	return t
}

func saveCatalogEntry(tx Tx, e *CatalogEntry) error {
	if err := newID(tx, colCatalog, &e.ID); err != nil {
		return err
	}
	if err := tx.Put(colCatalog, e.ID, e, Index{Name: "name", Key: strings.ToLower(e.Name), Unique: true}); err != nil {
		if KindOf(err) == KindConflict {
			return conflictf("the catalogue already has a package named %q", e.Name)
		}
		return err
	}
	return nil
}

func loadCatalogEntry(tx Tx, id ID) (CatalogEntry, error) {
	e, err := get[CatalogEntry](tx, colCatalog, id)
	if KindOf(err) == KindNotFound {
		return e, notFoundf("the catalogue has no package %s; see `packages catalog`", id)
	}
	return e, err
}

func savePackage(tx Tx, p *ClientPackage) error {
	if err := newID(tx, colPackages, &p.ID); err != nil {
		return err
	}
	idx := []Index{{Name: "client", Key: pairKey(p.Client, p.ID)}}
	if p.Invoice != 0 {
		idx = append(idx, Index{Name: "invoice", Key: p.Invoice.Key(), Unique: true})
	}
	return tx.Put(colPackages, p.ID, p, idx...)
}

func loadPackage(tx Tx, id ID) (ClientPackage, error) {
	p, err := get[ClientPackage](tx, colPackages, id)
	if KindOf(err) == KindNotFound {
		return p, notFoundf("no package %s", id)
	}
	return p, err
}

// packageForBooking checks that a client's package can pay for sessions at
// starts: it is theirs, visible to this workspace, not expired and has a
// credit for each (R51).
func (o *op) packageForBooking(id ID, client Person, starts []time.Time) (ClientPackage, error) {
	p, err := loadPackage(o.tx, id)
	if err != nil || p.Client != client.ID {
		return p, notFoundf("%s has no package %s; see `packages list`", client.Handle, id)
	}
	if d := decide(o.tx, o.a, ActPackagesList, Target{Client: &client}); !d.Allowed {
		return p, deniedf("booking against a package needs sight of packages: %s", d.Reason)
	}
	if p.Pending {
		return p, conflictf("package %s (%s) can be used once invoice %s is paid in full", p.ID, p.Name, p.Invoice) // R55
	}
	loc := o.a.Org.Location()
	exp := p.ExpiresAt(loc)
	if !o.now.Before(exp) {
		return p, conflictf("package %s (%s) expired on %s; book without --package or assign a new package", p.ID, p.Name, p.Expires) // R51
	}
	if p.Remaining() < len(starts) {
		if p.Remaining() == 0 {
			return p, conflictf("package %s (%s) is used up: %d of %s; book without --package or assign a new package", p.ID, p.Name, p.SessionsUsed, Plural(p.SessionsTotal, "session", "sessions")) // R51
		}
		return p, conflictf("package %s (%s) has %s left, not %d", p.ID, p.Name, Plural(p.Remaining(), "session", "sessions"), len(starts)) // R51
	}
	for _, t := range starts {
		if !t.Before(exp) {
			return p, conflictf("package %s (%s) expires on %s, before %s; pick an earlier time", p.ID, p.Name, p.Expires, o.localTime(t)) // R51
		}
	}
	return p, nil
}

// --- the catalogue

// NewCatalogEntry is what `packages define` collects.
type NewCatalogEntry struct {
	Name         string
	Sessions     int
	Price        string // major units, e.g. "450" or "450.00"
	ValidityDays int
	Purchasable  bool   // R55: clients and billing contacts may buy it
	Every        string // a recurring entry: "1m" or "Nw" (ParseEvery)
}

// DefinePackage adds a package to the catalogue.
func (s *Service) DefinePackage(who Who, in NewCatalogEntry) (CatalogEntry, error) {
	var out CatalogEntry
	err := s.write(who, func(o *op) error {
		if err := o.authorize(ActPackagesDefine, Target{}); err != nil {
			return err
		}
		name, err := cleanLine("package name", in.Name, MaxNameLen, true)
		if err != nil {
			return err
		}
		if in.Sessions < 1 || in.Sessions > MaxPackageSessions {
			return invalidf("a package includes 1 to %d sessions, not %d", MaxPackageSessions, in.Sessions)
		}
		if in.ValidityDays < 1 || in.ValidityDays > MaxPackageDays {
			return invalidf("a package is valid for 1 to %d days, not %d", MaxPackageDays, in.ValidityDays)
		}
		cur := o.a.Org.Currency
		price, err := ParseAmount(in.Price, cur)
		if err != nil {
			return err
		}
		if n, err := o.tx.Count(colCatalog); err != nil {
			return err
		} else if n >= maxCatalogEntries {
			return conflictf("the catalogue is full (%d packages)", maxCatalogEntries)
		}
		out = CatalogEntry{Name: name, Sessions: in.Sessions, PriceCents: price, Currency: cur, ValidityDays: in.ValidityDays, Created: o.now, CreatedBy: o.a.Actor.ID}
		sale, err := saleTerms(&out, in)
		if err != nil {
			return err
		}
		if err := saveCatalogEntry(o.tx, &out); err != nil {
			return err
		}
		return o.audit(ActPackagesDefine, record{Target: "catalogue package " + out.ID.String(),
			Detail: fmt.Sprintf("%s: %s, %s, valid %s%s", name, Plural(in.Sessions, "session", "sessions"), Money(price, cur), Plural(in.ValidityDays, "day", "days"), sale)})
	})
	return out, err
}

// Catalog lists the packages the practice offers.
func (s *Service) Catalog(who Who) ([]CatalogEntry, error) {
	var out []CatalogEntry
	err := s.read(who, func(o *op) error {
		if err := o.authorize(ActPackagesCatalog, Target{}); err != nil {
			return err
		}
		return each(o.tx, colCatalog, Query{}, func(e CatalogEntry) (bool, error) {
			out = append(out, e)
			return len(out) < maxCatalogEntries, nil
		})
	})
	return out, err
}

// --- client packages

// PackageAssignment is what `packages assign` collects.
type PackageAssignment struct {
	Client  string
	Package ID // a catalogue entry
	// BoughtBy is a contact of the client who paid for it (R37); empty if
	// the client did.
	BoughtBy string
}

// AssignPackage gives a client a package from the catalogue; it expires
// validity days after today (R51).
func (s *Service) AssignPackage(who Who, in PackageAssignment) (PackageView, error) {
	var out PackageView
	err := s.write(who, func(o *op) error {
		client, err := o.client(in.Client)
		if err != nil {
			return err
		}
		var buyer *Person
		if in.BoughtBy != "" {
			b, err := o.person(in.BoughtBy)
			if err != nil {
				return err
			}
			buyer = &b
		}
		p, err := o.assignPackage(client, in.Package, buyer)
		if err != nil {
			return err
		}
		out = o.newViewer().pkg(p)
		return nil
	})
	return out, err
}

// assignPackage gives client a package from catalogue entry, bought by
// buyer (a contact of theirs, R37) if named; `packages assign` and the
// invitation flow (InviteClient) both do it this way.
func (o *op) assignPackage(client Person, entry ID, buyer *Person) (ClientPackage, error) {
	if err := o.authorize(ActPackagesAssign, Target{Client: &client}); err != nil {
		return ClientPackage{}, err
	}
	if !client.Active() {
		return ClientPackage{}, conflictf("%s is deactivated; reactivate them first", client.Handle)
	}
	e, err := loadCatalogEntry(o.tx, entry)
	if err != nil {
		return ClientPackage{}, inField("package", err)
	}
	if e.Every != "" {
		return ClientPackage{}, inField("package", conflictf("%s renews %s; a client subscribes by buying it (`packages buy`)", e.Name, EveryWords(e.Every)))
	}
	p := ClientPackage{Client: client.ID, Entry: e.ID, Name: e.Name, SessionsTotal: e.Sessions, PriceCents: e.PriceCents, Currency: e.Currency,
		Expires: addDays(o.today(), e.ValidityDays, o.a.Org.Location()).Format(DateLayout), Assigned: o.now, AssignedBy: o.a.Actor.ID}
	detail := fmt.Sprintf("%s: %s, expires %s", e.Name, Plural(e.Sessions, "session", "sessions"), p.Expires)
	if buyer != nil {
		if _, err := linkOf(o.tx, client.ID, buyer.ID); err != nil {
			return p, inField("bought-by", invalidf("%s is not a contact of %s; only the client or their contacts buy their packages", buyer.Handle, client.Handle))
		}
		p.BoughtBy = buyer.ID
		detail += "; bought by " + buyer.Handle
	}
	if err := savePackage(o.tx, &p); err != nil {
		return p, err
	}
	o.touchPractice(client.ID)
	return p, o.audit(ActPackagesAssign, record{Target: "package " + p.ID.String(), Client: client.ID, Person: p.BoughtBy, Detail: detail})
}

// PackageFilter selects client packages.
type PackageFilter struct {
	Client string // one client; in me and contact workspaces that client
	Limit  int
}

// ListPackages lists client packages with their usage (R51), newest first:
// the team those of clients it has access to (all with invoice_all), the
// client their own, a contact with `packages` their client's.
func (s *Service) ListPackages(who Who, f PackageFilter) ([]PackageView, error) {
	var out []PackageView
	err := s.read(who, func(o *op) error {
		v := o.newViewer()
		limit := pageSize(f.Limit)
		scan := func(q Query) error {
			n := 0
			return each(o.tx, colPackages, q, func(p ClientPackage) (bool, error) {
				if !v.may(ActPackagesList, p.Client) {
					return true, nil
				}
				out = append(out, v.pkg(p))
				n++
				return n < limit, nil
			})
		}
		if f.Client != "" || !o.a.Teamish() {
			c, err := o.client(f.Client)
			if err != nil {
				return err
			}
			if err := o.authorize(ActPackagesList, Target{Client: &c}); err != nil {
				return err
			}
			return scan(Query{Index: "client", Prefix: c.ID.Key() + "/", Reverse: true})
		}
		all, clients, err := o.teamClients(PermInvoiceAll)
		if err != nil {
			return err
		}
		if all {
			return scan(Query{Reverse: true})
		}
		for _, c := range clients {
			if err := scan(Query{Index: "client", Prefix: c.Key() + "/", Reverse: true}); err != nil {
				return err
			}
		}
		slices.SortStableFunc(out, func(a, b PackageView) int { return cmp.Compare(b.Package.ID, a.Package.ID) })
		if len(out) > limit {
			out = out[:limit]
		}
		return nil
	})
	return out, err
}

// ReassignPackage moves a package a contact bought to the client it is
// for (R37): by an admin, audited. The buyer (or the present holder) must
// be a contact of the new client, and no scheduled session may still use it.
func (s *Service) ReassignPackage(who Who, id ID, client string) (PackageView, error) {
	var out PackageView
	err := s.write(who, func(o *op) error {
		to, err := o.client(client)
		if err != nil {
			return err
		}
		if err := o.authorize(ActPackagesReassign, Target{Client: &to}); err != nil {
			return err
		}
		p, err := loadPackage(o.tx, id)
		if err != nil {
			return err
		}
		if p.Client == to.ID {
			return conflictf("package %s already belongs to %s", id, to.Handle)
		}
		v := o.newViewer()
		from := v.person(p.Client)
		buyer := p.BoughtBy
		if buyer == 0 {
			buyer = p.Client
		}
		if _, err := linkOf(o.tx, to.ID, buyer); err != nil {
			return conflictf("package %s was not bought by a contact of %s; reassigning moves a package a contact bought to their client", id, to.Handle) // R37
		}
		busy := false
		err = each(o.tx, colSessions, Query{Index: "package", Prefix: p.ID.Key() + "/"}, func(s Session) (bool, error) {
			busy = s.Status == SessionScheduled
			return !busy, nil
		})
		if err != nil {
			return err
		}
		if busy {
			return conflictf("package %s pays for scheduled sessions of %s; cancel them first", id, from.Handle)
		}
		p.Client = to.ID
		if err := savePackage(o.tx, &p); err != nil {
			return err
		}
		o.touchPractice(from.ID)
		o.touchPractice(to.ID)
		out = v.pkg(p)
		return o.audit(ActPackagesReassign, record{Target: "package " + id.String(), Client: to.ID, Person: from.ID,
			Detail: fmt.Sprintf("%s moved from %s to %s (bought by %s)", p.Name, from.Handle, to.Handle, v.person(buyer).Handle)})
	})
	return out, err
}
