package demo

import (
	"behalf/domain"
	"time"
)

// The demo organisation of CONTRACT.md: "Northwind Coaching".

// Persona is one person of the demo organisation.
type Persona struct {
	Handle string
	Name   string
	Who    string // what the README says about them
}

// People lists the demo organisation's people in the contract's order.
var People = []Persona{
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

// extras add the data each feature brings to the demo (sessions, packages,
// invoices, notes, coaching work…): one file per feature appends its own.
var extras []func(w *domain.Seeder, org domain.Org, people map[string]*domain.Person, now time.Time) error

// Seed writes the demo organisation into an empty database through s,
// with one key per person (keys by handle).
func Seed(s *domain.Service, keys map[string]domain.SSHKey) error {
	now := s.Now()
	return s.Seed(func(w *domain.Seeder) error {
		owner, err := w.CreateOrg(domain.Setup{
			Org: "Northwind Coaching", TimeZone: "America/New_York", Currency: "USD",
			OwnerHandle: "olivia", OwnerName: "Olivia Owens", OwnerEmail: "olivia@northwind.example",
			OwnerKey: keys["olivia"],
		}, now)
		if err != nil {
			return err
		}
		org, err := w.Org()
		if err != nil {
			return err
		}
		people := map[string]*domain.Person{"olivia": &owner}
		add := func(p domain.Person) error {
			p.Email = p.Handle + "@" + map[bool]string{true: "northwind.example", false: "example.com"}[p.IsTeam() || p.Assistant]
			p.Status, p.Created, p.CreatedBy = domain.StatusActive, now, owner.ID
			for _, d := range People {
				if d.Handle == p.Handle {
					p.Name = d.Name
				}
			}
			if k, ok := keys[p.Handle]; ok {
				k.Added = now
				p.Keys = []domain.SSHKey{k}
			}
			if err := w.Put(&p); err != nil {
				return err
			}
			people[p.Handle] = &p
			return nil
		}
		for _, p := range []domain.Person{
			{Handle: "adam", TeamRole: domain.RoleStaff, Perms: domain.PermSet{domain.PermManageClients, domain.PermManagePairings, domain.PermInvoiceAll, domain.PermScheduleAll}},
			{Handle: "rob", TeamRole: domain.RoleCoach, InPool: true, Perms: domain.PermSet{domain.PermScheduleOwn, domain.PermInvoiceOwn}},
			{Handle: "mira", TeamRole: domain.RoleCoach, InPool: true, Perms: domain.PermSet{domain.PermScheduleOwn}},
			{Handle: "john", TeamRole: domain.RoleCoach, InPool: true},
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
		pair := func(client, coach string, l domain.Level) error {
			return w.Put(&domain.Pairing{Client: people[client].ID, Coach: people[coach].ID, Level: l, Since: now})
		}
		link := func(client, contact string, perms ...domain.ContactPerm) error {
			return w.Put(&domain.ContactLink{Client: people[client].ID, Contact: people[contact].ID, Perms: domain.ContactPerms(perms), Created: now, CreatedBy: owner.ID})
		}
		for _, err := range []error{
			pair("jane", "rob", domain.LevelPrimary), pair("jane", "mira", domain.LevelCoaching), pair("jane", "john", domain.LevelView),
			pair("alex", "mira", domain.LevelPrimary),
			pair("casey", "mira", domain.LevelPrimary), pair("casey", "rob", domain.LevelView),
			link("jane", "eve", domain.ContactSchedule, domain.ContactBilling),
			link("alex", "pat", domain.ContactSchedule, domain.ContactPackages, domain.ContactPayments, domain.ContactProgress),
			link("casey", "pat", domain.ContactSchedule, domain.ContactPayments),
			link("alex", "sam", domain.ContactProgress),
			w.Put(&domain.AssistantLink{Assistant: people["asa"].ID, Practitioner: people["olivia"].ID, Created: now, CreatedBy: owner.ID}),
			w.Put(&domain.AssistantLink{Assistant: people["asa"].ID, Practitioner: people["rob"].ID, Created: now, CreatedBy: owner.ID}),
		} {
			if err != nil {
				return err
			}
		}
		for _, extra := range extras {
			if err := extra(w, org, people, now); err != nil {
				return err
			}
		}
		return nil
	})
}
