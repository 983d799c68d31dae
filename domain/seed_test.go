package domain_test

import (
	"testing"

	"behalf/domain"
)

// A generator keeps records between transactions (the large
// organisation's packages, people, audit entries): when a transaction's
// function runs twice — a group commit's retry, the tests' rehearsal — the
// first run's ids stay on them. The Seeder gives such a record the next id
// again, so the next new record never takes an id already stored.
func TestSeederIDsUniqueAfterARerun(t *testing.T) {
	t.Parallel()
	d, clk := newDemo(t)
	note := func() domain.Note {
		return domain.Note{Client: d.ids["jane"], Author: d.ids["rob"], Body: "Seeded.", At: clk.t}
	}
	kept := []domain.Note{note()} // outside the transaction, as a generator's slices are
	must(t, d.svc.Seed(func(w *domain.Seeder) error { return w.Put(&kept[0]) }))
	next := note()
	must(t, d.svc.Seed(func(w *domain.Seeder) error { return w.Put(&next) }))
	if next.ID == kept[0].ID {
		t.Fatalf("two new notes took id %s", next.ID)
	}
	notes, err := d.svc.ListNotes(d.as("rob", "team"), domain.NoteFilter{Client: "jane"})
	must(t, err)
	seen := map[domain.ID]bool{}
	for _, n := range notes {
		seen[n.Note.ID] = true
	}
	if !seen[kept[0].ID] || !seen[next.ID] {
		t.Fatalf("notes %v lack %s or %s", seen, kept[0].ID, next.ID)
	}
}
