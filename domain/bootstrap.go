package domain

import (
	"strings"
	"time"
)

// Setup describes a new organisation and its owner (`behalf serve` with the
// owner flags on an empty database).
type Setup struct {
	Org         string
	TimeZone    string // IANA zone; default UTC
	Currency    string // ISO 4217; default USD
	OwnerHandle string // default: derived from the owner's name
	OwnerName   string
	OwnerEmail  string // optional
	OwnerKey    SSHKey
}

// HasOrg reports whether the database already holds an organisation.
func (s *Service) HasOrg() (bool, error) {
	found := false
	err := s.store.View(func(tx Tx) error {
		_, err := loadOrg(tx)
		if KindOf(err) == KindNotFound {
			return nil
		}
		found = err == nil
		return err
	})
	return found, err
}

// CheckSetup validates a Setup and fills its defaults.
func CheckSetup(in Setup) (Setup, error) {
	var err error
	if in.Org, err = cleanNameLine("organisation name", in.Org, false); err != nil {
		return in, err
	}
	if in.OwnerName, err = CleanName(in.OwnerName); err != nil {
		return in, err
	}
	if in.TimeZone == "" {
		in.TimeZone = "UTC"
	}
	if _, err := time.LoadLocation(in.TimeZone); err != nil || in.TimeZone == "Local" {
		return in, invalidf("%q is not a time zone: use an IANA name such as Europe/Berlin", clip(in.TimeZone, 40))
	}
	in.Currency = strings.ToUpper(strings.TrimSpace(in.Currency))
	if in.Currency == "" {
		in.Currency = "USD"
	}
	if len(in.Currency) != 3 || strings.Trim(in.Currency, "ABCDEFGHIJKLMNOPQRSTUVWXYZ") != "" {
		return in, invalidf("%q is not a currency code: use three letters such as EUR", clip(in.Currency, 10))
	}
	if in.OwnerHandle == "" {
		in.OwnerHandle = handleFromName(in.OwnerName)
	}
	if err := ValidHandle(in.OwnerHandle); err != nil {
		return in, err
	}
	if in.OwnerEmail != "" {
		if in.OwnerEmail, err = CleanEmail(in.OwnerEmail); err != nil {
			return in, err
		}
	}
	if in.OwnerKey.Fingerprint == "" {
		return in, invalidf("the owner needs an SSH public key to sign in with")
	}
	if in.OwnerKey, err = checkKey(in.OwnerKey); err != nil {
		return in, err
	}
	return in, nil
}

// handleFromName makes "Olivia Owens" into "olivia".
func handleFromName(name string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(name) {
		if r >= 'a' && r <= 'z' || r >= '0' && r <= '9' && b.Len() > 0 {
			b.WriteRune(r)
			continue
		}
		if b.Len() >= 2 {
			break
		}
	}
	if b.Len() < 2 {
		return "owner"
	}
	return b.String()
}

// Bootstrap creates the organisation and its owner on an empty database (R1).
func (s *Service) Bootstrap(in Setup) (Person, error) {
	in, err := CheckSetup(in)
	if err != nil {
		return Person{}, err
	}
	var owner Person
	err = s.store.Update(func(tx Tx) error {
		var err error
		owner, err = createOrg(tx, in, s.Now())
		return err
	})
	return owner, err
}

func createOrg(tx Tx, in Setup, now time.Time) (Person, error) {
	if _, err := loadOrg(tx); err == nil {
		return Person{}, conflictf("this database already holds an organisation")
	}
	in.OwnerKey.Added = now
	owner := Person{
		Handle: in.OwnerHandle, Name: in.OwnerName, Email: in.OwnerEmail, Status: StatusActive,
		TeamRole: RoleOwner, InPool: true, Perms: AllPerms(), Keys: []SSHKey{in.OwnerKey}, Created: now,
	}
	if err := savePerson(tx, &owner); err != nil {
		return Person{}, err
	}
	org := Org{Name: in.Org, TimeZone: in.TimeZone, Currency: in.Currency, Owner: owner.ID, Plan: "Team", Created: now}
	if err := saveOrg(tx, org); err != nil {
		return Person{}, err
	}
	return owner, appendAudit(tx, &AuditEntry{At: now, Actor: owner.ID, ActorHandle: owner.Handle, Workspace: string(WSTeam),
		Action: "org.create", Target: org.Name, Person: owner.ID, Detail: "organisation created with owner " + owner.Handle})
}
