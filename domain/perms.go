package domain

import (
	"slices"
	"strings"
)

// Perm is a team permission (R15, R16). The text is the stable name used in
// commands, JSON and the audit log.
type Perm string

// Coaching permissions (R15): what a team coach may do inside their silo.
const (
	PermScheduleOwn        Perm = "schedule_own"
	PermInvoiceOwn         Perm = "invoice_own"
	PermManageOwnClients   Perm = "manage_own_clients"
	PermDeleteOwnClients   Perm = "delete_own_clients"
	PermManageGroupMembers Perm = "manage_group_members"
)

// Administrative permissions (R16): organisation-wide.
const (
	PermScheduleAll       Perm = "schedule_all"
	PermInvoiceAll        Perm = "invoice_all"
	PermManageTemplates   Perm = "manage_templates"
	PermManageLibrary     Perm = "manage_library"
	PermManageCourses     Perm = "manage_courses"
	PermCloneCourses      Perm = "clone_courses"
	PermManageGroups      Perm = "manage_groups"
	PermViewAllGroups     Perm = "view_all_groups"
	PermManageBranding    Perm = "manage_branding"
	PermManageClients     Perm = "manage_clients"
	PermDeleteClients     Perm = "delete_clients"
	PermManagePairings    Perm = "manage_pairings"
	PermViewAllClients    Perm = "view_all_clients"
	PermCoachAllClients   Perm = "coach_all_clients"
	PermReassignOwnership Perm = "reassign_ownership"
	PermManageCoaches     Perm = "manage_coaches"
	PermManageAdmins      Perm = "manage_admins"
)

// PermInfo describes one permission for screens and help.
type PermInfo struct {
	Perm        Perm
	Admin       bool   // administrative (R16) rather than coaching (R15)
	Title       string // short label, from seed 002
	Description string // one line, from seed 002
}

// Permissions lists every team permission in the order the seed presents
// them: the five coaching permissions, then the seventeen administrative.
var Permissions = []PermInfo{
	{PermScheduleOwn, false, "Schedule own appointments", "Set up, change and cancel appointments with the clients they coach."},
	{PermInvoiceOwn, false, "Issue invoices to own clients", "Manage their own client invoicing through the system."},
	{PermManageOwnClients, false, "Add and manage own clients", "Add clients (paired with them as primary) and deactivate or reactivate them."},
	{PermDeleteOwnClients, false, "Delete own clients", "Completely delete a client they are primary for; deleted clients cannot be restored."},
	{PermManageGroupMembers, false, "Manage members of own groups", "Add other team coaches to their own coaching groups."},

	{PermScheduleAll, true, "Schedule for all coaches", "Set up, modify and cancel appointments for every coach on the team."},
	{PermInvoiceAll, true, "Invoices for the team", "Create and manage invoices for every client in the account."},
	{PermManageTemplates, true, "Manage team templates", "Share session and worksheet templates with every coach."},
	{PermManageLibrary, true, "Manage team library files", "Share library files as a resource for every coach."},
	{PermManageCourses, true, "Manage team courses", "Share courses as the organisation's standard programmes."},
	{PermCloneCourses, true, "Clone shared team courses", "Copy courses, whoever created them."},
	{PermManageGroups, true, "Manage team groups", "Set up coaching groups, pairing coaches with group members."},
	{PermViewAllGroups, true, "View all group happenings", "See into the coaching work done within every group."},
	{PermManageBranding, true, "Manage branding and terms", "Control branding, system email templates and client terms."},
	{PermManageClients, true, "Add and manage team clients", "Set up new clients, deactivate and reactivate them, and set their contacts."},
	{PermDeleteClients, true, "Delete team clients", "Delete client accounts for good; they cannot be recovered."},
	{PermManagePairings, true, "Manage coach/client pairings", "Decide which coaches are paired with which clients, and at what level."},
	{PermViewAllClients, true, "View all client happenings", "View-only access to every client in the organisation."},
	{PermCoachAllClients, true, "Coach all clients", "Coaching access to every client, even where not paired."},
	{PermReassignOwnership, true, "Reassign ownership of team resources", "Pass templates, library files and courses to another owner."},
	{PermManageCoaches, true, "Manage team coaches", "Set up coaches, manage their coaching permissions, deactivate, reactivate and delete them."},
	{PermManageAdmins, true, "Manage administrative privileges", "Grant and revoke administrative permissions (implies managing coaches)."},
}

// Info returns the description of p, and whether p is a known permission.
func (p Perm) Info() (PermInfo, bool) {
	for _, in := range Permissions {
		if in.Perm == p {
			return in, true
		}
	}
	return PermInfo{}, false
}

// IsAdmin reports whether p is administrative (R16).
func (p Perm) IsAdmin() bool {
	in, _ := p.Info()
	return in.Admin
}

// ParsePerm reads a team permission name.
func ParsePerm(s string) (Perm, error) {
	p := Perm(strings.TrimSpace(strings.ToLower(s)))
	if _, ok := p.Info(); !ok {
		return "", invalidf("%q is not a team permission; see `perms --help` for the list", clip(s, 40))
	}
	return p, nil
}

// PermSet is a set of team permissions, kept sorted in the catalogue's order
// so that it stores and prints the same way every time.
type PermSet []Perm

func (s PermSet) Has(p Perm) bool { return slices.Contains(s, p) }

func (s PermSet) With(ps ...Perm) PermSet {
	out := slices.Clone(s)
	for _, p := range ps {
		if !out.Has(p) {
			out = append(out, p)
		}
	}
	return out.sorted()
}

func (s PermSet) Without(ps ...Perm) PermSet {
	out := make(PermSet, 0, len(s))
	for _, p := range s {
		if !slices.Contains(ps, p) {
			out = append(out, p)
		}
	}
	return out
}

// Admin returns the administrative permissions in s.
func (s PermSet) Admin() PermSet {
	var out PermSet
	for _, p := range s {
		if p.IsAdmin() {
			out = append(out, p)
		}
	}
	return out
}

func (s PermSet) sorted() PermSet {
	order := func(p Perm) int {
		return slices.IndexFunc(Permissions, func(in PermInfo) bool { return in.Perm == p })
	}
	slices.SortFunc(s, func(a, b Perm) int { return order(a) - order(b) })
	return s
}

func (s PermSet) Strings() []string {
	out := make([]string, len(s))
	for i, p := range s {
		out[i] = string(p)
	}
	return out
}

// AllPerms is every team permission: what the owner holds (R18).
func AllPerms() PermSet {
	out := make(PermSet, len(Permissions))
	for i, in := range Permissions {
		out[i] = in.Perm
	}
	return out
}

// ContactPerm is a permission carried by a contact→client link (R30).
// There is deliberately no permission for notes or coaching conversations (R31).
type ContactPerm string

const (
	ContactSchedule ContactPerm = "schedule"
	ContactBilling  ContactPerm = "billing"
	ContactPackages ContactPerm = "packages"
	ContactPayments ContactPerm = "payments"
	ContactProgress ContactPerm = "progress"
	// ContactForms: complete and sign the client's intake and consent
	// forms — a parent for a child; never worksheets (R30, R31).
	ContactForms ContactPerm = "forms"
)

// ContactPermInfo describes a contact permission.
type ContactPermInfo struct {
	Perm        ContactPerm
	Description string
}

// ContactPermissions lists the contact permissions (R30), from seed 000.
var ContactPermissions = []ContactPermInfo{
	{ContactSchedule, "Book, reschedule and cancel the client's sessions."},
	{ContactBilling, "See and pay invoices, manage subscription and auto-renew."},
	{ContactPackages, "See packages and their usage."},
	{ContactPayments, "See payment history."},
	{ContactProgress, "See progress updates the client approved for contacts."},
	{ContactForms, "Complete and sign the client's intake and consent forms."},
}

// ContactPerms is a set of contact permissions in catalogue order.
type ContactPerms []ContactPerm

func (s ContactPerms) Has(p ContactPerm) bool { return slices.Contains(s, p) }

func (s ContactPerms) Strings() []string {
	out := make([]string, len(s))
	for i, p := range s {
		out[i] = string(p)
	}
	return out
}

// AllContactPerms is every contact permission: what a client may do for
// themself in their own portal.
func AllContactPerms() ContactPerms {
	out := make(ContactPerms, len(ContactPermissions))
	for i, in := range ContactPermissions {
		out[i] = in.Perm
	}
	return out
}

// ParseContactPerms reads a comma-separated list ("schedule,billing").
// An empty text is the empty set.
func ParseContactPerms(s string) (ContactPerms, error) {
	var out ContactPerms
	for _, part := range strings.Split(s, ",") {
		part = strings.TrimSpace(strings.ToLower(part))
		if part == "" {
			continue
		}
		p := ContactPerm(part)
		if !slices.ContainsFunc(ContactPermissions, func(in ContactPermInfo) bool { return in.Perm == p }) {
			return nil, invalidf("%q is not a contact permission; use schedule, billing, packages, payments, progress or forms", clip(part, 40))
		}
		if !out.Has(p) {
			out = append(out, p)
		}
	}
	return out.sorted(), nil
}

func (s ContactPerms) sorted() ContactPerms {
	order := func(p ContactPerm) int {
		return slices.IndexFunc(ContactPermissions, func(in ContactPermInfo) bool { return in.Perm == p })
	}
	slices.SortFunc(s, func(a, b ContactPerm) int { return order(a) - order(b) })
	return s
}
