package domain_test

import (
	"testing"

	"behalf/domain"
)

// R51: the catalogue — anyone sees it; invoice_all or manage_clients edits it.
func TestPackageCatalogue(t *testing.T) {
	t.Parallel()
	d, _ := newDemo(t)
	for _, who := range []domain.Who{d.as("eve", "contact:jane"), d.as("jane", "me"), d.as("john", "team")} {
		es, err := d.svc.Catalog(who)
		must(t, err)
		if len(es) != 4 { // three one-off packages and a monthly one (demo/purchases.go)
			t.Fatalf("catalogue: %d entries", len(es))
		}
	}
	in := domain.NewCatalogEntry{Name: "Intensive 20", Sessions: 20, Price: "4000.00", ValidityDays: 365}
	for _, who := range []domain.Who{d.as("rob", "team"), d.as("jane", "me"), d.as("asa", "assistant:rob")} {
		_, err := d.svc.DefinePackage(who, in)
		wantKind(t, err, domain.KindDenied)
	}
	e, err := d.svc.DefinePackage(d.as("adam", "team"), in)
	must(t, err)
	if e.PriceCents != 400000 || e.Currency != "USD" {
		t.Fatalf("entry %+v", e)
	}
	_, err = d.svc.DefinePackage(d.as("olivia", "team"), domain.NewCatalogEntry{Name: "intensive 20", Sessions: 5, Price: "1", ValidityDays: 5})
	wantKind(t, err, domain.KindConflict)
	for _, bad := range []domain.NewCatalogEntry{
		{Name: "", Sessions: 1, Price: "1", ValidityDays: 1},
		{Name: "X", Sessions: 0, Price: "1", ValidityDays: 1},
		{Name: "X", Sessions: 1, Price: "1.001", ValidityDays: 1},
		{Name: "X", Sessions: 1, Price: "1", ValidityDays: 0},
		{Name: "X\x1b[31m", Sessions: 1, Price: "1", ValidityDays: 1},
	} {
		_, err := d.svc.DefinePackage(d.as("adam", "team"), bad)
		wantKind(t, err, domain.KindInvalid)
	}
}

// R51, R15: assigning packages is billing work — invoice_all, or
// invoice_own for clients one coaches.
func TestAssignPackage(t *testing.T) {
	t.Parallel()
	d, _ := newDemo(t)
	p, err := d.svc.AssignPackage(d.as("rob", "team"), domain.PackageAssignment{Client: "jane", Package: 2, BoughtBy: "eve"})
	must(t, err)
	if p.BoughtBy == nil || p.BoughtBy.Handle != "eve" || p.Remaining != 6 || p.Package.SessionsUsed != 0 || p.Package.Expires != "2027-02-21" {
		t.Fatalf("assigned %+v", p)
	}
	_, err = d.svc.AssignPackage(d.as("rob", "team"), domain.PackageAssignment{Client: "casey", Package: 2})
	wantKind(t, err, domain.KindDenied) // view-only
	_, err = d.svc.AssignPackage(d.as("mira", "team"), domain.PackageAssignment{Client: "alex", Package: 2})
	wantKind(t, err, domain.KindDenied) // no invoice_own
	_, err = d.svc.AssignPackage(d.as("eve", "contact:jane"), domain.PackageAssignment{Package: 2})
	wantKind(t, err, domain.KindDenied)
	_, err = d.svc.AssignPackage(d.as("adam", "team"), domain.PackageAssignment{Client: "jane", Package: 2, BoughtBy: "pat"})
	wantKind(t, err, domain.KindInvalid) // pat acts for alex and casey, not jane
	_, err = d.svc.AssignPackage(d.as("adam", "team"), domain.PackageAssignment{Client: "jane", Package: 99})
	wantKind(t, err, domain.KindNotFound)
}

// R37: a package a contact bought is reassigned to the client by an
// admin, and the reassignment is audited.
func TestReassignPackage(t *testing.T) {
	t.Parallel()
	d, _ := newDemo(t)
	// the demo's Starter 3 is casey's, bought by pat, who also acts for alex;
	// first release the credit of its scheduled session
	_, err := d.svc.CancelSession(d.as("adam", "team"), 13)
	must(t, err)
	for who, want := range map[domain.Who]domain.Kind{d.as("rob", "team"): domain.KindNotFound, d.as("mira", "team"): domain.KindDenied,
		d.as("pat", "contact:alex"): domain.KindDenied, d.as("asa", "assistant:rob"): domain.KindNotFound} {
		_, err := d.svc.ReassignPackage(who, 3, "alex")
		wantKind(t, err, want) // rob (and his assistant) do not see alex
	}
	p, err := d.svc.ReassignPackage(d.as("adam", "team"), 3, "alex")
	must(t, err)
	if p.Client.Handle != "alex" || p.BoughtBy.Handle != "pat" {
		t.Fatalf("reassigned %+v", p)
	}
	es, err := d.svc.Audit(d.as("olivia", "team"), domain.AuditFilter{Limit: 1})
	must(t, err)
	if es[0].Action != domain.ActPackagesReassign || es[0].ActorHandle != "adam" || es[0].Target != "package 3" {
		t.Fatalf("audit: %+v", es[0])
	}
	// jane bought her own: nothing to reassign
	_, err = d.svc.ReassignPackage(d.as("adam", "team"), 1, "alex")
	wantKind(t, err, domain.KindConflict)
	// alex's package still pays for a scheduled session
	_, err = d.svc.ReassignPackage(d.as("adam", "team"), 2, "casey")
	wantKind(t, err, domain.KindConflict)
	_, err = d.svc.ReassignPackage(d.as("adam", "team"), 3, "alex")
	wantKind(t, err, domain.KindConflict) // already alex's
}

// R30, R32, R51: packages are visible to the team with access, the client,
// and a contact whose link carries `packages` — for that client only.
func TestPackagesVisibility(t *testing.T) {
	t.Parallel()
	d, _ := newDemo(t)
	seen := func(who domain.Who, client string) []string {
		t.Helper()
		ps, err := d.svc.ListPackages(who, domain.PackageFilter{Client: client})
		must(t, err)
		var out []string
		for _, p := range ps {
			out = append(out, p.Client.Handle)
		}
		return out
	}
	if got := seen(d.as("pat", "contact:alex"), ""); len(got) != 1 || got[0] != "alex" {
		t.Fatalf("pat for alex: %v", got)
	}
	for _, c := range []struct {
		who    domain.Who
		client string
		want   domain.Kind
	}{
		{d.as("pat", "contact:casey"), "", domain.KindDenied},       // no packages on pat's casey link
		{d.as("pat", "contact:alex"), "casey", domain.KindNotFound}, // another client: out of this workspace's sight
		{d.as("eve", "contact:jane"), "", domain.KindDenied},        // schedule and billing only
		{d.as("sam", "contact:alex"), "", domain.KindDenied},
		{d.as("jane", "me"), "alex", domain.KindNotFound},
		{d.as("john", "team"), "alex", domain.KindNotFound}, // no access to alex
	} {
		_, err := d.svc.ListPackages(c.who, domain.PackageFilter{Client: c.client})
		wantKind(t, err, c.want)
	}
	if got := seen(d.as("mira", "team"), ""); len(got) != 3 {
		t.Fatalf("mira (no invoice_all) sees her three clients' packages: %v", got)
	}
	if got := seen(d.as("rob", "team"), ""); len(got) != 2 { // jane; casey view-only
		t.Fatalf("rob: %v", got)
	}
	if got := seen(d.as("adam", "team"), ""); len(got) != 3 {
		t.Fatalf("adam (invoice_all): %v", got)
	}
}
