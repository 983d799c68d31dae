package domain_test

import (
	"slices"
	"testing"
)

// A use case remembers the people and pairings it read, so it reads each
// from the store once; what it gets again is a copy of what is stored —
// not what it changed in an earlier copy — and what it saved or deleted
// is read anew.
func TestUseCaseReadsWhatIsStored(t *testing.T) {
	t.Parallel()
	d, _ := newDemo(t)
	jane := d.ids["jane"]
	p, err := d.svc.ShowPerson(d.as("olivia", "team"), "jane")
	must(t, err)
	stored := p.Person.Name
	if len(p.Person.Keys) == 0 {
		t.Fatal("jane has no key")
	}
	line := p.Person.Keys[0].Line
	names, lines, found, err := d.svc.MemoReadsForTest(d.as("olivia", "team"), jane, "Jane Saved")
	must(t, err)
	if want := []string{stored, stored, "Jane Saved"}; !slices.Equal(names, want) {
		t.Errorf("names read: %q, want %q", names, want)
	}
	if want := []string{line, line, line}; !slices.Equal(lines, want) {
		t.Errorf("key lines read: %q, want %q", lines, want)
	}
	if found {
		t.Error("a pairing deleted in the use case was read again")
	}
}
