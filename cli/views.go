package cli

import (
	"time"

	"behalf/domain"
)

// JSON shapes of the contract (snake_case, string ids, handles for people).

type personJSON struct {
	ID         string   `json:"id"`
	Handle     string   `json:"handle"`
	Name       string   `json:"name"`
	Email      string   `json:"email"`
	Capacities []string `json:"capacities"`
	TeamRole   string   `json:"team_role,omitempty"`
	Status     string   `json:"status"`
}

func personView(p domain.Person) personJSON {
	caps := p.Capacities()
	if caps == nil {
		caps = []string{}
	}
	return personJSON{ID: p.ID.String(), Handle: p.Handle, Name: p.Name, Email: p.Email, Capacities: caps, TeamRole: string(p.TeamRole), Status: string(p.Status)}
}

type workspaceJSON struct {
	ID          string   `json:"id"`
	Kind        string   `json:"kind"`
	Subject     string   `json:"subject"`
	SubjectName string   `json:"subject_name"`
	Permissions []string `json:"permissions"`
	AdminLevel  bool     `json:"admin_level,omitempty"`
	Expires     string   `json:"expires,omitempty"`
}

func workspaceView(w domain.Workspace) workspaceJSON {
	perms := w.Permissions
	if perms == nil {
		perms = []string{}
	}
	return workspaceJSON{ID: w.ID, Kind: string(w.Kind), Subject: w.Subject, SubjectName: w.SubjectName, Permissions: perms, AdminLevel: w.AdminLevel, Expires: w.Expires}
}

func workspacesView(ws []domain.Workspace) []workspaceJSON {
	out := make([]workspaceJSON, 0, len(ws))
	for _, w := range ws {
		out = append(out, workspaceView(w))
	}
	return out
}

type linkJSON struct {
	ID          string   `json:"id"`
	Client      string   `json:"client"`
	Contact     string   `json:"contact"`
	Permissions []string `json:"permissions"`
	Expires     *string  `json:"expires"`
	Live        bool     `json:"live"`
	Cursor      string   `json:"cursor,omitempty"` // for contacts list --after
}

func linkView(l domain.LinkView) linkJSON {
	perms := l.Link.Perms.Strings()
	var exp *string
	if l.Link.Expires != "" {
		e := l.Link.Expires
		exp = &e
	}
	return linkJSON{ID: l.Link.ID.String(), Client: l.Client.Handle, Contact: l.Contact.Handle, Permissions: perms, Expires: exp, Live: l.Live, Cursor: l.Cursor()}
}

type auditJSON struct {
	ID         string `json:"id"`
	At         string `json:"at"`
	Actor      string `json:"actor"` // a handle; "" for the organisation
	ActorName  string `json:"actor_name"`
	ActorRole  string `json:"actor_role,omitempty"`
	OnBehalfOf string `json:"on_behalf_of"`
	Workspace  string `json:"workspace"`
	Action     string `json:"action"`
	Target     string `json:"target"`
	Detail     string `json:"detail,omitempty"`
}

func auditView(e domain.AuditView, loc *time.Location) auditJSON {
	return auditJSON{ID: e.ID.String(), At: e.At.In(loc).Format(time.RFC3339), Actor: e.ActorHandle, ActorName: e.By.Name, ActorRole: string(e.By.As),
		OnBehalfOf: e.BehalfHandle, Workspace: e.Workspace, Action: string(e.Action), Target: e.Target, Detail: e.Detail}
}

// orEmpty makes nil slices print as [] in JSON.
func orEmpty[T any](s []T) []T {
	if s == nil {
		return []T{}
	}
	return s
}
