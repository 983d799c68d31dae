package cli

import (
	"strings"
	"time"

	"behalf/domain"
)

func init() {
	idFlagless := func(verb, summary string, run func(*call) error, flags ...flagSpec) *command {
		return &command{noun: "library", verb: verb, args: "ID", minArgs: 1, maxArgs: 1, summary: summary, flags: flags, run: run}
	}
	register(
		&command{noun: "library", verb: "list", maxArgs: 0, summary: "library files: your own, the team's, or those shared with a client (never shown to contacts)",
			flags: []flagSpec{
				{name: "team", kind: boolf, usage: "the team library"},
				{name: "client", arg: "H", usage: "the files shared with this client (in me: with you)"},
			}, run: runLibraryList},
		idFlagless("show", "one file, and the command lines that upload and download it", runLibraryShow),
		idFlagless("rename", "rename a file of your library", runLibraryRename,
			flagSpec{name: "name", arg: "N", usage: "the new name", req: true}),
		idFlagless("delete", "delete a file of your library; a shared file needs --confirm ID and is unshared", runLibraryDelete,
			flagSpec{name: "confirm", arg: "ID", usage: "the file's id again, to delete a file that is shared"}),
		idFlagless("share", "share a file with a client you coach, or stop (--off)", runLibraryShare,
			flagSpec{name: "client", arg: "H", usage: "the client", req: true},
			flagSpec{name: "off", kind: boolf, usage: "stop sharing it"}),
		idFlagless("team", "put your file in the team library, or take it out (--off; manage_library)", runLibraryTeam,
			flagSpec{name: "off", kind: boolf, usage: "take it out of the team library"}),
		idFlagless("reassign", "pass a file to another team member (reassign_ownership)", runLibraryReassign,
			flagSpec{name: "to", arg: "H", usage: "the new owner", req: true}),
	)
}

// fileJSON is a library file for scripts.
type fileJSON struct {
	ID         string   `json:"id"`
	Name       string   `json:"name"`
	Size       int64    `json:"size"`
	SHA256     string   `json:"sha256"`
	Owner      string   `json:"owner"` // a handle; "" for the organisation
	Team       bool     `json:"team"`
	UploadedBy string   `json:"uploaded_by"`
	At         string   `json:"at"`
	SharedWith []string `json:"shared_with,omitempty"` // the team's view only
}

func fileView(v domain.FileView) fileJSON {
	j := fileJSON{ID: v.File.ID.String(), Name: v.File.Name, Size: v.File.Size, SHA256: v.File.SHA256, Owner: v.Owner.Handle,
		Team: v.File.Team, UploadedBy: v.UploadedBy.Handle, At: v.At.Format(time.RFC3339)}
	for _, c := range v.Shared {
		j.SharedWith = append(j.SharedWith, c.Handle)
	}
	return j
}

// fileWhere is where the file shows in the SFTP tree of this workspace.
func fileWhere(v domain.FileView, ws domain.WorkspaceKind, principal domain.ID) string {
	switch {
	case ws == domain.WSMe || ws == domain.WSContact:
		return domain.FolderShared + "/" + v.File.Name
	case v.File.Owner == principal:
		return domain.FolderLibrary + "/" + v.File.Name
	}
	return domain.FolderTeam + "/" + v.File.Name
}

func runLibraryList(c *call) error {
	list, err := c.env.Service.ListLibrary(c.who, domain.LibraryFilter{Team: c.flag("team"), Client: c.str("client")})
	if err != nil {
		return err
	}
	out := make([]fileJSON, 0, len(list))
	for _, v := range list {
		out = append(out, fileView(v))
	}
	return c.emit(out, func(w *textOut) {
		if len(list) == 0 {
			w.line("No files.")
			return
		}
		w.row("ID", "NAME", "SIZE", "OWNER", "TEAM", "SHARED WITH")
		for _, v := range list {
			team := ""
			if v.File.Team {
				team = "team"
			}
			var shared []string
			for _, p := range v.Shared {
				shared = append(shared, p.Handle)
			}
			w.row(v.File.ID.String(), v.File.Name, domain.Bytes(v.File.Size), v.Owner.Label(), orDash(team), orDash(strings.Join(shared, ", ")))
		}
	})
}

func (c *call) emitFile(v domain.FileView, say string) error {
	return c.emit(fileView(v), func(w *textOut) {
		w.line(say + ": file " + v.File.ID.String() + ", " + v.File.Name + " (" + domain.Bytes(v.File.Size) + ").")
	})
}

func runLibraryShow(c *call) error {
	id, err := c.idArg()
	if err != nil {
		return err
	}
	v, err := c.env.Service.ShowFile(c.who, id)
	if err != nil {
		return err
	}
	a, err := c.env.Service.Access(c.who)
	if err != nil {
		return err
	}
	return c.emit(fileView(v), func(w *textOut) {
		w.row("File", v.File.ID.String()+"  "+v.File.Name)
		w.row("Size", domain.Bytes(v.File.Size))
		w.row("SHA-256", v.File.SHA256)
		w.row("Owner", v.Owner.Label())
		w.row("Uploaded by", v.UploadedBy.Label()+", "+v.At.Format(domain.WallLayout))
		if v.File.Team {
			w.row("Team library", "yes")
		}
		if len(v.Shared) > 0 {
			var hs []string
			for _, p := range v.Shared {
				hs = append(hs, p.Handle)
			}
			w.row("Shared with", strings.Join(hs, ", "))
		}
		w.row("Download", c.env.Service.FileCommands(a.Workspace).Download(fileWhere(v, a.Workspace.Kind, a.Principal.ID)))
	})
}

func runLibraryRename(c *call) error {
	id, err := c.idArg()
	if err != nil {
		return err
	}
	v, err := c.env.Service.RenameFile(c.who, id, c.rawFlag("name"))
	if err != nil {
		return err
	}
	return c.emitFile(v, "Renamed")
}

func runLibraryDelete(c *call) error {
	id, err := c.idArg()
	if err != nil {
		return err
	}
	if err := c.env.Service.DeleteFile(c.who, id, c.str("confirm")); err != nil {
		return err
	}
	return c.emit(map[string]any{"id": id.String(), "deleted": true}, func(w *textOut) { w.line("Deleted file " + id.String() + ".") })
}

func runLibraryShare(c *call) error {
	id, err := c.idArg()
	if err != nil {
		return err
	}
	off := c.flag("off")
	v, err := c.env.Service.ShareFile(c.who, id, c.str("client"), off)
	if err != nil {
		return err
	}
	say := "Shared with " + c.str("client")
	if off {
		say = "No longer shared with " + c.str("client")
	}
	return c.emitFile(v, say)
}

func runLibraryTeam(c *call) error {
	id, err := c.idArg()
	if err != nil {
		return err
	}
	v, err := c.env.Service.TeamFile(c.who, id, c.flag("off"))
	if err != nil {
		return err
	}
	say := "In the team library"
	if c.flag("off") {
		say = "Out of the team library"
	}
	return c.emitFile(v, say)
}

func runLibraryReassign(c *call) error {
	id, err := c.idArg()
	if err != nil {
		return err
	}
	v, err := c.env.Service.ReassignFile(c.who, id, c.str("to"))
	if err != nil {
		return err
	}
	return c.emitFile(v, "Passed to "+v.Owner.Handle)
}
