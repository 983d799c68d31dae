package domain_test

import (
	"bytes"
	"fmt"
	"math/rand/v2"
	"testing"

	"behalf/domain"
)

// snapshot is the whole database as bytes: a refused operation must leave
// it identical (it never commits).
func (d *demo) snapshot() []byte {
	var b bytes.Buffer
	if _, err := d.db.Backup(&b); err != nil {
		d.t.Fatal(err)
	}
	return b.Bytes()
}

// committed counts the pages the demo's commits have written: a refused
// operation commits nothing, so it leaves the count as it was. The random
// tests compare it rather than a copy of the whole file at every step.
func (d *demo) committed() int64 { return d.db.PagesWritten() }

// A property test over random sequences of pairing, permission and people
// operations by random actors: the invariants always hold, and every
// refused operation changes nothing.
func TestTeamInvariantsUnderRandomOperations(t *testing.T) {
	seeds, steps := 25, 80
	if testing.Short() {
		seeds = 5
	}
	for seed := 1; seed <= seeds; seed++ {
		t.Run(fmt.Sprint("seed", seed), func(t *testing.T) {
			t.Parallel()
			d, _ := newDemo(t)
			r := rand.New(rand.NewPCG(uint64(seed), 7))
			actors := []domain.Who{d.as("olivia", "team"), d.as("olivia", "team"), d.as("olivia", "team"), d.as("adam", "team"), d.as("adam", "team"), d.as("rob", "team"), d.as("mira", "team"),
				d.as("john", "team"), d.as("asa", "assistant:olivia"), d.as("asa", "assistant:rob"), d.as("jane", "me"), d.as("pat", "contact:alex")}
			team := []string{"olivia", "adam", "rob", "mira", "john"}
			clients := []string{"jane", "alex", "casey"}
			levelsAll := []domain.Level{domain.LevelNone, domain.LevelView, domain.LevelCoaching, domain.LevelPrimary}
			perms := domain.AllPerms()
			// holders of manage_admins before each operation, to check grants
			admins := func() map[domain.ID]bool {
				out := map[domain.ID]bool{}
				for _, h := range team {
					if v, err := d.svc.ShowPerms(d.as("olivia", "team"), h); err == nil && v.Effective.Has(domain.PermManageAdmins) && v.Person.Active() {
						out[v.Person.ID] = true
					}
				}
				return out
			}
			added := 0
			// admin permissions each person may hold: the seed's, plus those
			// granted by someone holding manage_admins
			legit := map[string]map[domain.Perm]bool{"adam": {}}
			for _, p := range []domain.Perm{domain.PermManageClients, domain.PermManagePairings, domain.PermInvoiceAll, domain.PermScheduleAll} {
				legit["adam"][p] = true
			}
			ok := 0
			for step := 0; step < steps; step++ {
				who := actors[r.IntN(len(actors))]
				before := d.committed()
				mgr := admins()
				var err error
				var desc string
				switch r.IntN(7) {
				case 0, 1:
					in := domain.PairingChange{Coach: pick(r, team), Client: pick(r, clients), Level: levelsAll[r.IntN(4)]}
					desc = fmt.Sprintf("pairing %+v", in)
					_, err = d.svc.SetPairing(who, in)
				case 2, 3:
					grant := r.IntN(2) == 0
					p := perms[r.IntN(len(perms))]
					target := pick(r, team)
					desc = fmt.Sprintf("perms grant=%v %s %s", grant, target, p)
					_, err = d.svc.ChangePerms(who, target, grant, []string{string(p)})
					if err == nil && grant && p.IsAdmin() {
						// the one who granted held manage_admins (through their workspace)
						a, aerr := d.svc.Access(who)
						must(t, aerr)
						if !mgr[a.Principal.ID] {
							t.Fatalf("step %d: %s granted by someone without manage_admins", step, desc)
						}
						if legit[target] == nil {
							legit[target] = map[domain.Perm]bool{}
						}
						legit[target][p] = true
					}
				case 4:
					h := pick(r, append(append([]string{}, team...), clients...))
					active := r.IntN(2) == 0
					desc = fmt.Sprintf("status %s active=%v", h, active)
					_, err = d.svc.SetStatus(who, h, active)
				case 5:
					added++
					in := domain.NewPerson{Handle: fmt.Sprintf("new%d", added), Name: "New Client", Email: fmt.Sprintf("new%d@example.com", added), As: domain.AsClient}
					if r.IntN(2) == 0 {
						in.Primary = pick(r, team)
					}
					desc = fmt.Sprintf("add %+v", in)
					var res domain.Added
					res, err = d.svc.AddPerson(who, in)
					if err == nil {
						clients = append(clients, res.Person.Handle)
					}
				case 6:
					h := pick(r, clients)
					desc = "delete " + h
					err = d.svc.DeletePerson(who, h, h)
				}
				if err != nil {
					if domain.KindOf(err) == 0 {
						t.Fatalf("step %d %s: internal error %v", step, desc, err)
					}
					if d.committed() != before {
						t.Fatalf("step %d: refused %s (%v) changed the database", step, desc, err)
					}
				}
				if err == nil {
					ok++
				}
				checkTeamInvariants(t, d, step, desc)
				for _, h := range team {
					v, err := d.svc.ShowPerms(d.as("olivia", "team"), h)
					if err != nil || v.Role == domain.RoleOwner {
						continue
					}
					for _, p := range v.Person.Perms.Admin() {
						if !legit[h][p] {
							t.Fatalf("step %d (%s): %s holds %s that nobody with manage_admins granted", step, desc, h, p)
						}
					}
				}
			}
			if ok < steps/16 {
				t.Fatalf("only %d of %d operations succeeded; the test explores too little", ok, steps)
			}
			t.Logf("%d of %d operations succeeded", ok, steps)
		})
	}
}

func pick(r *rand.Rand, s []string) string { return s[r.IntN(len(s))] }

func checkTeamInvariants(t *testing.T, d *demo, step int, desc string) {
	t.Helper()
	admin := d.as("olivia", "team")
	owner, err := d.svc.ShowPerms(admin, "olivia")
	must(t, err)
	if !owner.Person.Active() || owner.Role != domain.RoleOwner || !owner.Effective.Has(domain.PermManageAdmins) || len(owner.Effective) != len(domain.Permissions) {
		t.Fatalf("step %d (%s): owner not intact: %+v", step, desc, owner)
	}
	people, err := d.svc.ListPeople(admin, domain.PeopleFilter{Limit: domain.MaxPage})
	must(t, err)
	for _, p := range people {
		if p.Client && p.Active() {
			ps, err := d.svc.Pairings(admin, domain.PairingQuery{Client: p.Handle})
			must(t, err)
			primaries := 0
			for _, x := range ps {
				if x.Level == domain.LevelPrimary {
					primaries++
				}
				if !x.Coach.IsCoach() {
					t.Fatalf("step %d (%s): admin-only %s paired with %s", step, desc, x.Coach.Handle, p.Handle)
				}
			}
			if primaries != 1 {
				t.Fatalf("step %d (%s): active client %s has %d primaries", step, desc, p.Handle, primaries)
			}
		}
		if p.IsTeam() && !p.IsCoach() {
			ps, err := d.svc.Pairings(admin, domain.PairingQuery{Coach: p.Handle})
			must(t, err)
			if len(ps) > 0 {
				t.Fatalf("step %d (%s): admin-only %s has pairings", step, desc, p.Handle)
			}
		}
	}
}
