package domain

import (
	"time"
)

// The demo organisation of CONTRACT.md: "Northwind Coaching".

// DemoPerson is one person of the demo organisation.
type DemoPerson struct {
	Handle string
	Name   string
	Who    string // what the README says about them
}

// DemoPeople lists the demo organisation's people in the contract's order.
var DemoPeople = []DemoPerson{
	{"olivia", "Olivia Owens", "owner, team coach"},
	{"adam", "Adam Alvarez", "admin-only staff: manage_clients, manage_pairings, invoice_all, schedule_all"},
	{"rob", "Rob Reyes", "team coach: schedule_own, invoice_own"},
	{"mira", "Mira Moss", "team coach: schedule_own"},
	{"john", "John Jensen", "team coach, no coaching permissions"},
	{"asa", "Asa Ahmed", "assistant with admin role, manages olivia and rob"},
	{"jane", "Jane Smith", "client (executive); primary rob, coaching mira, view-only john"},
	{"alex", "Alex Johnson", "client (child); primary mira"},
	{"casey", "Casey Johnson", "client (child); primary mira, view-only rob"},
	{"eve", "Eve Evans", "contact of jane: schedule, billing"},
	{"pat", "Pat Johnson", "contact of alex: schedule, packages, payments, progress; contact of casey: schedule, payments"},
	{"sam", "Sam Johnson", "contact of alex: progress"},
}

// demoExtras add the practice data (sessions, packages, invoices, notes…)
// that later parts of the domain bring to the demo.
var demoExtras []func(tx Tx, org Org, people map[string]*Person, now time.Time) error

// SeedDemo writes the demo organisation into an empty database, with one
// key per person (keys by handle).
func (s *Service) SeedDemo(keys map[string]SSHKey) error {
	now := s.Now()
	return s.store.Update(func(tx Tx) error {
		owner, err := createOrg(tx, Setup{
			Org: "Northwind Coaching", TimeZone: "America/New_York", Currency: "USD",
			OwnerHandle: "olivia", OwnerName: "Olivia Owens", OwnerEmail: "olivia@northwind.example",
			OwnerKey: keys["olivia"],
		}, now)
		if err != nil {
			return err
		}
		org, err := loadOrg(tx)
		if err != nil {
			return err
		}
		people := map[string]*Person{"olivia": &owner}
		add := func(p Person) error {
			p.Email = p.Handle + "@" + map[bool]string{true: "northwind.example", false: "example.com"}[p.IsTeam() || p.Assistant]
			p.Status, p.Created, p.CreatedBy = StatusActive, now, owner.ID
			for _, d := range DemoPeople {
				if d.Handle == p.Handle {
					p.Name = d.Name
				}
			}
			if k, ok := keys[p.Handle]; ok {
				k.Added = now
				p.Keys = []SSHKey{k}
			}
			if err := savePerson(tx, &p); err != nil {
				return err
			}
			people[p.Handle] = &p
			return nil
		}
		for _, p := range []Person{
			{Handle: "adam", TeamRole: RoleStaff, Perms: PermSet{PermManageClients, PermManagePairings, PermInvoiceAll, PermScheduleAll}.sorted()},
			{Handle: "rob", TeamRole: RoleCoach, InPool: true, Perms: PermSet{PermScheduleOwn, PermInvoiceOwn}},
			{Handle: "mira", TeamRole: RoleCoach, InPool: true, Perms: PermSet{PermScheduleOwn}},
			{Handle: "john", TeamRole: RoleCoach, InPool: true},
			{Handle: "asa", Assistant: true, AssistantAdmin: true},
			{Handle: "jane", Client: true},
			{Handle: "alex", Client: true},
			{Handle: "casey", Client: true},
			{Handle: "eve", Contact: true},
			{Handle: "pat", Contact: true},
			{Handle: "sam", Contact: true},
		} {
			if err := add(p); err != nil {
				return err
			}
		}
		pair := func(client, coach string, l Level) error {
			return savePairing(tx, &Pairing{Client: people[client].ID, Coach: people[coach].ID, Level: l, Since: now})
		}
		link := func(client, contact string, perms ...ContactPerm) error {
			return saveLink(tx, &ContactLink{Client: people[client].ID, Contact: people[contact].ID, Perms: ContactPerms(perms).sorted(), Created: now, CreatedBy: owner.ID})
		}
		for _, err := range []error{
			pair("jane", "rob", LevelPrimary), pair("jane", "mira", LevelCoaching), pair("jane", "john", LevelView),
			pair("alex", "mira", LevelPrimary),
			pair("casey", "mira", LevelPrimary), pair("casey", "rob", LevelView),
			link("jane", "eve", ContactSchedule, ContactBilling),
			link("alex", "pat", ContactSchedule, ContactPackages, ContactPayments, ContactProgress),
			link("casey", "pat", ContactSchedule, ContactPayments),
			link("alex", "sam", ContactProgress),
			saveAssistantLink(tx, &AssistantLink{Assistant: people["asa"].ID, Practitioner: people["olivia"].ID, Created: now, CreatedBy: owner.ID}),
			saveAssistantLink(tx, &AssistantLink{Assistant: people["asa"].ID, Practitioner: people["rob"].ID, Created: now, CreatedBy: owner.ID}),
		} {
			if err != nil {
				return err
			}
		}
		for _, extra := range demoExtras {
			if err := extra(tx, org, people, now); err != nil {
				return err
			}
		}
		return nil
	})
}
