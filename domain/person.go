package domain

import (
	"crypto/sha256"
	"encoding/base64"
	"slices"
	"strings"
	"time"
)

// TeamRole is a team member's role; empty for people outside the team.
type TeamRole string

const (
	RoleOwner TeamRole = "owner" // the account owner (R1, R18)
	RoleCoach TeamRole = "coach" // a team coach, in the pairing pool (R10)
	RoleStaff TeamRole = "staff" // admin-only staff, never paired (R10)
)

// Status says whether a person may sign in (R6).
type Status string

const (
	StatusActive      Status = "active"
	StatusDeactivated Status = "deactivated"
)

// Person is anyone the organisation knows: team members, assistants,
// clients and contacts. One person may hold several capacities (R3).
type Person struct {
	ID     ID     `json:"id"`
	Handle string `json:"handle"`
	Name   string `json:"name"`
	Email  string `json:"email"`
	Status Status `json:"status"`

	TeamRole TeamRole `json:"team_role,omitempty"`
	// InPool: a team coach who can be paired with clients (R10). Always true
	// for RoleCoach, false for RoleStaff; the owner may be either.
	InPool bool    `json:"in_pool,omitempty"`
	Perms  PermSet `json:"perms,omitempty"` // granted team permissions

	Client    bool `json:"client,omitempty"`
	Contact   bool `json:"contact,omitempty"`
	Assistant bool `json:"assistant,omitempty"`
	// AssistantAdmin: an assistant with the admin role (R43).
	AssistantAdmin bool `json:"assistant_admin,omitempty"`

	Keys      []SSHKey  `json:"keys,omitempty"`
	Signature string    `json:"signature,omitempty"` // adopted signature (R46)
	Theme     Theme     `json:"theme,omitempty"`     // the screens' colours, theirs to set (R46)
	Created   time.Time `json:"created"`
	CreatedBy ID        `json:"created_by,omitempty"`
}

// Theme is how a person's screens pick their colours: for a light or a
// dark terminal background, or (auto, the zero value) as the terminal says
// when it answers, dark otherwise.
type Theme string

const (
	ThemeAuto  Theme = ""
	ThemeLight Theme = "light"
	ThemeDark  Theme = "dark"
)

func (t Theme) String() string {
	if t == ThemeAuto {
		return "auto"
	}
	return string(t)
}

// ParseTheme reads auto, light or dark.
func ParseTheme(s string) (Theme, error) {
	switch t := strings.ToLower(strings.TrimSpace(s)); t {
	case "auto":
		return ThemeAuto, nil
	case string(ThemeLight), string(ThemeDark):
		return Theme(t), nil
	}
	return "", invalidf("%q is not a theme: use auto, light or dark", clip(s, 20))
}

func (p Person) Active() bool  { return p.Status == StatusActive }
func (p Person) IsTeam() bool  { return p.TeamRole != "" }
func (p Person) IsOwner() bool { return p.TeamRole == RoleOwner }
func (p Person) IsCoach() bool { return p.IsTeam() && p.InPool }
func (p Person) Label() string { return p.Name + " (" + p.Handle + ")" }
func (p Person) HasKey(fp string) bool {
	return slices.ContainsFunc(p.Keys, func(k SSHKey) bool { return k.Fingerprint == fp })
}

// EffectivePerms is what the person may do as a team member: the owner holds
// every permission (R18); manage_admins implies manage_coaches (R17).
func (p Person) EffectivePerms() PermSet {
	if !p.IsTeam() {
		return nil
	}
	if p.IsOwner() {
		return AllPerms()
	}
	if p.Perms.Has(PermManageAdmins) {
		return p.Perms.With(PermManageCoaches)
	}
	return slices.Clone(p.Perms)
}

// IsAdmin reports whether p is the owner, or a team member holding any administrative
// permission. Assistants get admin-level access only while managing one (R43).
func (p Person) IsAdmin() bool {
	return p.IsOwner() || p.IsTeam() && len(p.Perms.Admin()) > 0
}

// Capacities lists what the person is, in the contract's words.
func (p Person) Capacities() []string {
	var out []string
	if p.IsTeam() {
		out = append(out, "team")
	}
	if p.Assistant {
		out = append(out, "assistant")
	}
	if p.Client {
		out = append(out, "client")
	}
	if p.Contact {
		out = append(out, "contact")
	}
	return out
}

// Capacity is what a person is added as.
type Capacity string

const (
	AsClient    Capacity = "client"
	AsCoach     Capacity = "coach"
	AsStaff     Capacity = "staff"
	AsAssistant Capacity = "assistant"
	AsContact   Capacity = "contact"
)

func ParseCapacity(s string) (Capacity, error) {
	switch c := Capacity(strings.ToLower(strings.TrimSpace(s))); c {
	case AsClient, AsCoach, AsStaff, AsAssistant, AsContact:
		return c, nil
	}
	return "", invalidf("%q is not a capacity: use client, coach, staff, assistant or contact", clip(s, 20))
}

// SSHKey is one public key that signs a person in (R2).
type SSHKey struct {
	Fingerprint string    `json:"fingerprint"` // SHA256:… as OpenSSH prints it
	Line        string    `json:"line"`        // "type base64" without comment
	Comment     string    `json:"comment,omitempty"`
	Added       time.Time `json:"added"`
}

// checkKey is the domain's check of a key one of the faces parsed (package
// sshkey reads every key format, on x/crypto/ssh): it names a key and its
// line, and its comment is a clean line of text.
func checkKey(k SSHKey) (SSHKey, error) {
	if !strings.HasPrefix(k.Fingerprint, "SHA256:") || k.Line == "" {
		return SSHKey{}, invalidf("a key line looks like `ssh-ed25519 AAAA… comment`")
	}
	comment, err := cleanLine("key comment", k.Comment, 100, false)
	if err != nil {
		return SSHKey{}, err
	}
	k.Comment = comment
	return k, nil
}

// Fingerprint is the SHA256 fingerprint of a key's wire form.
func Fingerprint(blob []byte) string {
	sum := sha256.Sum256(blob)
	return "SHA256:" + base64.RawStdEncoding.EncodeToString(sum[:])
}
