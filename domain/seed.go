package domain

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"time"

	"behalf/blobs"
)

// Seeding: the one door through which records are written as they are,
// without a use case. Package demo generates the demo organisation and
// large organisations through it, for trying behalf and measuring it; no
// request from a person ever reaches it.
//
// A Seeder writes inside one transaction (Service.Seed). It does not
// authorise, validate, audit or tell the change feed: what it writes must
// already be what the use cases would have written, and every test checks
// that it is (the store's check and Verify after each test). The surface
// is deliberately small:
//   - Put writes one record of a kind the domain keeps, with its indexes
//     (a record without an id gets the next one, set on it);
//   - Content stores a library file's content, as an upload does;
//   - CreateOrg, Org, Person, Catalog and Busy read or make what a
//     generator builds on;
//   - StartOfDay, AddDays and ResolveWall are the calendar the use cases
//     use, InvoiceDueDays their payment term, DecimalOne a Decimal's unit.
//
// A new kind of record that a generator should write gets its case in Put.

// Seeder writes records in one transaction; see Service.Seed.
type Seeder struct {
	tx    Tx
	files *blobs.Store // the service's, or nil
}

// Seed runs fn in one write transaction: everything it writes commits
// together or not at all.
func (s *Service) Seed(fn func(w *Seeder) error) error {
	return s.store.Update(func(tx Tx) error { return fn(&Seeder{tx: tx, files: s.files}) })
}

// Content stores b as a library file's content in the service's files
// folder, if it keeps one, and returns its SHA-256 for the record. It is
// content-addressed, so running it again (a rerun transaction) stores
// nothing new; a transaction that fails leaves a content no record names,
// which the next start sweeps (Service.SweepFiles).
func (w *Seeder) Content(b []byte) (string, error) {
	if w.files == nil {
		sum := sha256.Sum256(b)
		return hex.EncodeToString(sum[:]), nil
	}
	return StoreContent(w.files, b)
}

// StoreContent writes b into files as an upload would (temporary file,
// synced, renamed by its hash) and returns its SHA-256.
func StoreContent(files *blobs.Store, b []byte) (string, error) {
	u, err := files.Create()
	if err != nil {
		return "", err
	}
	if _, err := u.WriteAt(b, 0); err != nil {
		u.Abort()
		return "", err
	}
	sum, _, err := u.Commit()
	if err != nil {
		return "", err
	}
	files.Unpin(sum)
	return sum, nil
}

// Put writes rec, a pointer to a record, with its index entries, as the
// use cases save it; permission sets are stored sorted. A record with an
// id no record of its kind holds yet is new: it takes the next id, as a
// record without one does (see fresh).
func (w *Seeder) Put(rec any) error {
	tx := w.tx
	switch r := rec.(type) {
	case *Org:
		return saveOrg(tx, *r)
	case *Person:
		r.Perms = r.Perms.sorted()
		return w.fresh(colPeople, &r.ID, func() error { return savePerson(tx, r) })
	case *Pairing:
		return w.fresh(colPairings, &r.ID, func() error { return savePairing(tx, r) })
	case *ContactLink:
		r.Perms = r.Perms.sorted()
		return w.fresh(colLinks, &r.ID, func() error { return saveLink(tx, r) })
	case *AssistantLink:
		return w.fresh(colAssistants, &r.ID, func() error { return saveAssistantLink(tx, r) })
	case *CatalogEntry:
		return w.fresh(colCatalog, &r.ID, func() error { return saveCatalogEntry(tx, r) })
	case *ClientPackage:
		return w.fresh(colPackages, &r.ID, func() error { return savePackage(tx, r) })
	case *Session:
		return w.fresh(colSessions, &r.ID, func() error { return saveSession(tx, r) })
	case *Invoice:
		return w.fresh(colInvoices, &r.ID, func() error { return saveInvoice(tx, r) })
	case *Payment:
		return w.fresh(colPayments, &r.ID, func() error { return savePayment(tx, r) })
	case *Note:
		return w.fresh(colNotes, &r.ID, func() error { return saveNote(tx, r) })
	case *Progress:
		return w.fresh(colProgress, &r.ID, func() error { return saveProgress(tx, r) })
	case *ActionItem:
		return w.fresh(colActions, &r.ID, func() error { return saveAction(tx, r) })
	case *Metric:
		return w.fresh(colMetrics, &r.ID, func() error { return saveMetric(tx, r) })
	case *MetricPoint:
		return w.fresh(colMetricPoints, &r.ID, func() error { return savePoint(tx, r) })
	case *Group:
		return w.fresh(colGroups, &r.ID, func() error { return saveGroup(tx, r) })
	case *Post:
		return w.fresh(colGroupPosts, &r.ID, func() error { return savePost(tx, r) })
	case *Task:
		return w.fresh(colTasks, &r.ID, func() error { return saveTask(tx, r) })
	case *InboxItem:
		return w.fresh(colInbox, &r.ID, func() error { return saveInboxItem(tx, r) })
	case *OutboxItem:
		return w.fresh(colOutbox, &r.ID, func() error { return saveOutboxItem(tx, r) })
	case *AuditEntry:
		return w.fresh(colAudit, &r.ID, func() error { return appendAudit(tx, r) })
	case *Template: // templates.go
		return w.fresh(colTemplates, &r.ID, func() error { return saveTemplate(tx, r) })
	case *Paper: // forms.go
		return w.fresh(paperCol(r.Kind), &r.ID, func() error { return savePaper(tx, r) })
	case *Subscription: // subscriptions.go
		return w.fresh(colSubscriptions, &r.ID, func() error { return saveSubscription(tx, r) })
	case *LibraryFile: // library.go: the organisation's running total too
		return w.fresh(colLibrary, &r.ID, func() error {
			if err := saveLibraryFile(tx, r); err != nil {
				return err
			}
			u, err := loadUsage(tx)
			if err != nil {
				return err
			}
			u.Bytes += r.Size
			u.Files++
			return tx.Put(colLibraryUsage, libraryUsageID, u)
		})
	case *Course: // courses.go
		return w.fresh(colCourses, &r.ID, func() error {
			if err := newID(tx, colCourses, &r.ID); err != nil {
				return err
			}
			return tx.Put(colCourses, r.ID, r, courseIndexes(r)...)
		})
	case *Branding: // branding.go: the one record
		return tx.Put(colBranding, brandingID, r)
	case *Terms: // terms.go: a version everyone accepts counts from itself
		return w.fresh(colTerms, &r.ID, func() error {
			if err := newID(tx, colTerms, &r.ID); err != nil {
				return err
			}
			if r.Counts == 0 || r.Reaccept {
				r.Counts = r.ID
			}
			return tx.Put(colTerms, r.ID, r)
		})
	case *TermsAcceptance:
		return w.fresh(colTermsAccept, &r.ID, func() error {
			if err := newID(tx, colTermsAccept, &r.ID); err != nil {
				return err
			}
			return tx.Put(colTermsAccept, r.ID, r, Index{Name: "person", Key: acceptKey(r.Person, r.Version), Unique: true})
		})
	case *EmailTemplateRecord: // email_settings.go
		return w.fresh(colEmailTemplates, &r.ID, func() error {
			if err := newID(tx, colEmailTemplates, &r.ID); err != nil {
				return err
			}
			return tx.Put(colEmailTemplates, r.ID, r, Index{Name: "event", Key: r.Event, Unique: true})
		})
	case *Enrolment:
		return w.fresh(colEnrolments, &r.ID, func() error {
			if err := newID(tx, colEnrolments, &r.ID); err != nil {
				return err
			}
			return tx.Put(colEnrolments, r.ID, r, enrolmentIndexes(r)...)
		})
	}
	return fmt.Errorf("seeding: %T is not a record the domain keeps", rec)
}

// fresh saves a record with save after clearing its id if no record of
// collection c holds it: then the id is one a rolled-back run of the same
// transaction took (a group commit's retry, a test's rehearsal) and left
// on a record a generator keeps between transactions. Saving it at that
// id would leave c's sequence behind what is stored, and the next new
// record would take the same id; cleared, the record takes the next id
// like any new one. So ids are unique by construction, whatever a
// generator keeps; an existing record keeps its id and is replaced.
func (w *Seeder) fresh(c Collection, id *ID, save func() error) error {
	if *id != 0 {
		var stored json.RawMessage
		switch err := w.tx.Get(c, *id, &stored); {
		case KindOf(err) == KindNotFound:
			*id = 0
		case err != nil:
			return err
		}
	}
	return save()
}

// CreateOrg makes the organisation and its owner in an empty database.
func (w *Seeder) CreateOrg(in Setup, now time.Time) (Person, error) {
	return createOrg(w.tx, in, now)
}

// Org is the organisation.
func (w *Seeder) Org() (Org, error) { return loadOrg(w.tx) }

// Person is the person with id.
func (w *Seeder) Person(id ID) (Person, error) { return loadPerson(w.tx, id) }

// Catalog is every package of the catalogue.
func (w *Seeder) Catalog() ([]CatalogEntry, error) {
	return all[CatalogEntry](w.tx, colCatalog, Query{})
}

// Busy is a session that keeps person (as client or coach) busy between
// start and end, if any: a generator keeps people from being double-booked
// as booking does.
func (w *Seeder) Busy(person ID, start, end time.Time) (Session, bool, error) {
	return busyWith(w.tx, person, start, end, 0)
}

// InvoiceDueDays is how many days after issue an invoice falls due.
const InvoiceDueDays = invoiceDueDays

// StartOfDay is the first instant of d's day in loc.
func StartOfDay(d time.Time, loc *time.Location) time.Time { return startOfDay(d, loc) }

// AddDays is the start of the day n days after day's, in loc.
func AddDays(day time.Time, n int, loc *time.Location) time.Time { return addDays(day, n, loc) }

// ResolveWall is the instant a wall-clock time (given in UTC's fields)
// names in loc; false when the clock skips it.
func ResolveWall(wall time.Time, loc *time.Location) (time.Time, bool) { return resolveWall(wall, loc) }

// Blocks reports whether the session holds its slot (it is not cancelled).
func (s Session) Blocks() bool { return s.blocks() }

// DecimalOne is 1 as a Decimal (values are fixed-point).
const DecimalOne Decimal = decimalScale
