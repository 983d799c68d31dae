package domain

import (
	"fmt"
	"slices"
	"strings"
	"time"
)

// WorkspaceKind is what a workspace is for (R3).
type WorkspaceKind string

const (
	WSTeam      WorkspaceKind = "team"      // a team member's workspace
	WSMe        WorkspaceKind = "me"        // a client's own portal
	WSContact   WorkspaceKind = "contact"   // acting for one client (R30)
	WSAssistant WorkspaceKind = "assistant" // managing one practitioner (R40)
)

// Workspace is one place a person can work in. It is always computed from
// stored state at the moment of asking (R3, R4, R38), never stored.
type Workspace struct {
	ID          string        `json:"id"` // the --ws value: team, me, contact:jane, assistant:olivia
	Kind        WorkspaceKind `json:"kind"`
	Subject     string        `json:"subject"`      // handle of whom the workspace is about
	SubjectName string        `json:"subject_name"` // their name (the organisation's for team)
	Permissions []string      `json:"permissions"`  // effective permissions inside it
	// AdminLevel: an assistant acting with admin-level access (R43).
	AdminLevel bool `json:"admin_level,omitempty"`
	// Expires: last day of a contact link (R38), empty if none.
	Expires string `json:"expires,omitempty"`

	subject Person // as loaded when the workspace was computed
	endsAt  time.Time
}

// SubjectID is the person the workspace is about.
func (w Workspace) SubjectID() ID { return w.subject.ID }

// EndsAt is when the workspace stops granting (a contact link's expiry);
// zero if it does not end by itself.
func (w Workspace) EndsAt() time.Time { return w.endsAt }

// Title is how screens name the workspace.
func (w Workspace) Title() string {
	switch w.Kind {
	case WSTeam:
		return "Team · " + w.SubjectName
	case WSMe:
		return "My portal"
	case WSContact:
		return "Client: " + w.SubjectName
	case WSAssistant:
		return "Assistant for " + w.SubjectName
	}
	return w.ID
}

// workspacesOf computes every workspace p may enter now, in a stable order:
// team, me, then contacts and assistants by handle.
func workspacesOf(tx Tx, org Org, p Person, now time.Time) ([]Workspace, error) {
	if !p.Active() {
		return nil, nil
	}
	var out []Workspace
	if p.IsTeam() {
		out = append(out, Workspace{
			ID: string(WSTeam), Kind: WSTeam, Subject: p.Handle, SubjectName: org.Name,
			Permissions: p.EffectivePerms().Strings(), subject: p,
		})
	}
	if p.Client {
		out = append(out, Workspace{
			ID: string(WSMe), Kind: WSMe, Subject: p.Handle, SubjectName: p.Name,
			Permissions: AllContactPerms().Strings(), subject: p,
		})
	}
	loc := org.Location()
	start := len(out)
	links, err := linksOfContact(tx, p.ID)
	if err != nil {
		return nil, err
	}
	for _, l := range links {
		if !l.Live(now, loc) {
			continue // R38: an expired link leaves the selector
		}
		c, err := loadPerson(tx, l.Client)
		if err != nil || !c.Active() || !c.Client {
			continue
		}
		out = append(out, Workspace{
			ID: string(WSContact) + ":" + c.Handle, Kind: WSContact, Subject: c.Handle, SubjectName: c.Name,
			Permissions: l.Perms.Strings(), Expires: l.Expires, subject: c, endsAt: l.EndsAt(loc),
		})
	}
	sortBySubject(out[start:])
	if p.Assistant {
		mark := len(out)
		alinks, err := linksOfAssistant(tx, p.ID)
		if err != nil {
			return nil, err
		}
		for _, l := range alinks {
			pr, err := loadPerson(tx, l.Practitioner)
			if err != nil || !pr.Active() || !pr.IsTeam() {
				continue
			}
			perms, admin := assistantPerms(p, pr)
			out = append(out, Workspace{
				ID: string(WSAssistant) + ":" + pr.Handle, Kind: WSAssistant, Subject: pr.Handle, SubjectName: pr.Name,
				Permissions: perms.Strings(), AdminLevel: admin, subject: pr,
			})
		}
		sortBySubject(out[mark:])
	}
	return out, nil
}

func sortBySubject(ws []Workspace) {
	slices.SortFunc(ws, func(a, b Workspace) int { return strings.Compare(a.Subject, b.Subject) })
}

// assistantPerms is what an assistant may do while managing pr (R42, R43):
// the practitioner's coaching permissions always; their administrative ones
// only when the assistant has the admin role and pr is an admin.
func assistantPerms(assistant, pr Person) (PermSet, bool) {
	perms := pr.EffectivePerms()
	if assistant.AssistantAdmin && pr.IsAdmin() {
		return perms, true
	}
	var coaching PermSet
	for _, p := range perms {
		if !p.IsAdmin() {
			coaching = append(coaching, p)
		}
	}
	return coaching, false
}

// pickWorkspace finds the workspace named by a --ws value: an exact id, a
// kind alone when it is unique ("contact" with one client), or a bare
// handle when exactly one workspace is about that person. An empty value
// picks the only workspace.
func pickWorkspace(all []Workspace, want string) (Workspace, error) {
	want = strings.ToLower(strings.TrimSpace(want))
	if want == "" {
		switch len(all) {
		case 0:
			return Workspace{}, deniedf("you have no workspace to enter")
		case 1:
			return all[0], nil
		}
		return Workspace{}, &Error{Kind: KindInvalid, cause: ErrWorkspaceNeeded,
			Msg: fmt.Sprintf("you have %d workspaces; pick one with --ws (%s)", len(all), wsIDs(all))}
	}
	var match []Workspace
	for _, w := range all {
		if w.ID == want {
			return w, nil
		}
		if string(w.Kind) == want || w.Subject == want && w.Kind != WSTeam {
			match = append(match, w)
		}
	}
	if len(match) == 1 {
		return match[0], nil
	}
	if len(match) > 1 {
		return Workspace{}, invalidf("--ws %s could mean %s; name one exactly", clip(want, 40), wsIDs(match))
	}
	if len(all) == 0 {
		return Workspace{}, deniedf("you have no workspace to enter")
	}
	return Workspace{}, deniedf("you have no workspace %q; yours: %s", clip(want, 40), wsIDs(all))
}

func wsIDs(ws []Workspace) string {
	ids := make([]string, len(ws))
	for i, w := range ws {
		ids[i] = w.ID
	}
	return strings.Join(ids, ", ")
}
