package tui

import (
	"strings"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"behalf/domain"
)

// Library files (R21, R23). The team (and an assistant, in its
// practitioner's library) gets the Library screen: its own files and, on
// v, the team library, each with its size, owner, team mark and the
// clients it is shared with; s shares a file with a client, u stops, t
// puts it in the team library or takes it out, r passes it on, n renames
// and x deletes (a shared file is unshared, after a question that says
// so). A client gets Files: what was shared with them. Contents travel
// only by sftp and scp: both screens show the exact command lines for this
// workspace. Contacts have neither screen (R31): the help says why.

func init() {
	register(132, librarySpec, domain.WSTeam, domain.WSAssistant)
	register(132, sharedFilesSpec, domain.WSMe, domain.WSContact)
}

func librarySpec() ScreenSpec {
	return ScreenSpec{ID: "library", Title: "Library", Needs: domain.ActLibraryList, New: newLibraryScreen}
}

func sharedFilesSpec() ScreenSpec {
	return ScreenSpec{ID: "files", Title: "Files", Needs: domain.ActLibraryList, New: newLibraryScreen}
}

// keyPlaceholder stands for the private key in the command lines: the
// server never knows where a person keeps it.
const keyPlaceholder = "KEY"

type libraryKeys struct {
	folder, share, unshare, team, reassign, rename, del key.Binding
}

type libraryScreen struct {
	Context
	modalHost
	teamish bool   // the team's Library, not a client's Files
	folder  string // library or team (the team's); shared (a client's)
	list    []domain.FileView
	rows    selCursor
	err     error
	refused refusalNote
	k       libraryKeys
	// mayReassign: this workspace may pass files on (asked at each load).
	mayReassign bool
}

func newLibraryScreen(c Context) Screen {
	s := &libraryScreen{Context: c, teamish: c.Access().Teamish(), folder: domain.FolderShared}
	if s.teamish {
		s.folder = domain.FolderLibrary
	}
	s.k = libraryKeys{
		folder:   key.NewBinding(key.WithKeys("v"), key.WithHelp("v", "yours/team library")),
		share:    key.NewBinding(key.WithKeys("s"), key.WithHelp("s", "share with a client")),
		unshare:  key.NewBinding(key.WithKeys("u"), key.WithHelp("u", "stop sharing")),
		team:     key.NewBinding(key.WithKeys("t"), key.WithHelp("t", "team library in/out")),
		reassign: key.NewBinding(key.WithKeys("r"), key.WithHelp("r", "reassign")),
		rename:   key.NewBinding(key.WithKeys("n"), key.WithHelp("n", "rename")),
		del:      key.NewBinding(key.WithKeys("x"), key.WithHelp("x", "delete")),
	}
	s.onClose = s.load
	s.load()
	return s
}

func (s *libraryScreen) Init() tea.Cmd { return nil }
func (s *libraryScreen) Title() string {
	if s.teamish {
		return "Library"
	}
	return "Files"
}
func (s *libraryScreen) Capturing() bool { return s.modalOpen() }

func (s *libraryScreen) SetSize(width, height int) {
	s.Common.SetSize(width, height)
	s.sizeModal(width, height)
}

func (s *libraryScreen) load() {
	s.list, s.err = s.Svc.ListLibrary(s.Who, domain.LibraryFilter{Team: s.folder == domain.FolderTeam})
	s.rows.setLen(len(s.list))
	s.mayReassign = s.teamish && s.Decide(domain.ActLibraryReassign, domain.Target{}).Allowed
}

func (s *libraryScreen) selected() (domain.FileView, bool) {
	if s.rows.sel < len(s.list) {
		return s.list[s.rows.sel], true
	}
	return domain.FileView{}, false
}

func (s *libraryScreen) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	switch msg := msg.(type) {
	case RefreshMsg:
		if !s.modalOpen() {
			s.load()
		}
	case tea.KeyMsg:
		return s, s.handleKey(msg)
	}
	return s, nil
}

func (s *libraryScreen) handleKey(k tea.KeyMsg) tea.Cmd {
	s.refused.clear()
	if cmd, ok := s.handleModal(k); ok {
		return cmd
	}
	if !s.teamish {
		s.rows.move(k, s.Keys, max(s.Height/2-2, 1))
		return nil
	}
	if key.Matches(k, s.k.folder) {
		s.folder = map[string]string{domain.FolderLibrary: domain.FolderTeam, domain.FolderTeam: domain.FolderLibrary}[s.folder]
		s.rows = selCursor{}
		s.load()
		return nil
	}
	v, ok := s.selected()
	if !ok {
		s.rows.move(k, s.Keys, max(s.Height/2-2, 1))
		return nil
	}
	f := v.File
	switch {
	case key.Matches(k, s.k.share):
		if !v.CanShare {
			return s.refused.show(s.Decide(domain.ActLibraryShare, domain.Target{File: &f}).Err())
		}
		s.openPane(s.shareForm(v, false))
	case key.Matches(k, s.k.unshare):
		if len(v.Shared) == 0 {
			return s.refused.show(&domain.Error{Kind: domain.KindConflict, Msg: clean(f.Name) + " is not shared with anyone"})
		}
		s.openPane(s.shareForm(v, true))
	case key.Matches(k, s.k.team):
		if !v.CanTeam {
			return s.refused.show(s.Decide(domain.ActLibraryTeam, domain.Target{File: &f}).Err())
		}
		got, err := s.Svc.TeamFile(s.Who, f.ID, f.Team)
		if err != nil {
			return s.refused.show(err)
		}
		s.load()
		if got.File.Team {
			return Status("In the team library: %s", clean(got.File.Name))
		}
		return Status("Out of the team library: %s", clean(got.File.Name))
	case key.Matches(k, s.k.reassign):
		if d := s.Decide(domain.ActLibraryReassign, domain.Target{File: &f}); !d.Allowed {
			return s.refused.show(d.Err())
		}
		s.openPane(s.reassignForm(v))
	case key.Matches(k, s.k.rename):
		if !v.CanChange {
			return s.refused.show(s.Decide(domain.ActLibraryRename, domain.Target{File: &f}).Err())
		}
		s.openPane(s.renameForm(v))
	case key.Matches(k, s.k.del):
		if !v.CanChange {
			return s.refused.show(s.Decide(domain.ActLibraryDelete, domain.Target{File: &f}).Err())
		}
		s.askDelete(v)
	default:
		s.rows.move(k, s.Keys, max(s.Height/2-2, 1))
	}
	return nil
}

// askDelete asks before deleting; a shared file's question names whom it
// is shared with and says deleting unshares it, as the command does.
func (s *libraryScreen) askDelete(v domain.FileView) {
	id, name := v.File.ID, clean(v.File.Name)
	q := "Delete " + name + " (" + domain.Bytes(v.File.Size) + ")?"
	confirm := ""
	if len(v.Shared) > 0 {
		q = "Delete " + name + "? It is shared with " + peopleNames(v.Shared) + "; deleting it unshares it."
		confirm = id.String()
	}
	s.confirm.ask(q, "delete it", "Kept", func() tea.Cmd {
		if err := s.Svc.DeleteFile(s.Who, id, confirm); err != nil {
			return s.refused.show(err)
		}
		s.load()
		return Status("Deleted: %s", name)
	})
}

func peopleNames(ps []domain.Person) string {
	names := make([]string, len(ps))
	for i, p := range ps {
		names[i] = clean(p.Name)
	}
	return strings.Join(names, ", ")
}

// shareForm shares the file with a client (a handle), or stops sharing it
// with one of those it is shared with (off).
func (s *libraryScreen) shareForm(v domain.FileView, off bool) modalPane {
	title := "Share " + clean(v.File.Name) + " with a client"
	if off {
		title = "Stop sharing " + clean(v.File.Name)
	}
	f := newForm(s.Common, title)
	if off {
		var opts []choiceOpt
		for _, p := range v.Shared {
			opts = append(opts, choiceOpt{personLabel(p), p.Handle})
		}
		f.choice("client", "Client", opts)
		f.note("The client no longer finds it in their files; what they downloaded stays theirs.")
		f.button("save", "Stop sharing")
	} else {
		f.text("client", "Client", "", "jane", domain.MaxHandleLen).help = "the handle of a client you coach"
		f.note("The client finds it in their Files and downloads it with scp or sftp.")
		f.button("save", "Share")
	}
	who, id := s.Who, v.File.ID
	f.submit = func(f *form) (modalPane, tea.Cmd, error) {
		client := strings.TrimSpace(f.value("client"))
		got, err := s.Svc.ShareFile(who, id, client, off)
		if err != nil {
			return nil, nil, err
		}
		if off {
			return nil, Status("No longer shared with %s: %s", clean(client), clean(got.File.Name)), nil
		}
		return nil, Status("Shared with %s: %s", clean(client), clean(got.File.Name)), nil
	}
	return f
}

func (s *libraryScreen) reassignForm(v domain.FileView) modalPane {
	f := newForm(s.Common, "Pass "+clean(v.File.Name)+" to another team member")
	f.note("Its owner now is " + partyLabel(v.Owner) + "; the clients it is shared with keep it.")
	f.text("to", "To", "", "mira", domain.MaxHandleLen).help = "a team member's handle"
	f.button("save", "Reassign")
	who, id := s.Who, v.File.ID
	f.submit = func(f *form) (modalPane, tea.Cmd, error) {
		got, err := s.Svc.ReassignFile(who, id, strings.TrimSpace(f.value("to")))
		if err != nil {
			return nil, nil, err
		}
		return nil, Status("%s now owns %s", partyLabel(got.Owner), clean(got.File.Name)), nil
	}
	return f
}

func (s *libraryScreen) renameForm(v domain.FileView) modalPane {
	f := newForm(s.Common, "Rename "+clean(v.File.Name))
	f.text("name", "Name", v.File.Name, "notes.pdf", domain.MaxFileNameLen)
	f.button("save", "Rename")
	who, id := s.Who, v.File.ID
	f.submit = func(f *form) (modalPane, tea.Cmd, error) {
		got, err := s.Svc.RenameFile(who, id, f.value("name"))
		if err != nil {
			return nil, nil, err
		}
		return nil, Status("Renamed: %s", clean(got.File.Name)), nil
	}
	return f
}

// commandLines are the sftp and scp lines for this workspace, with the
// selected file's download, wrapped (never cut: they are to be typed).
func (s *libraryScreen) commandLines(st *Styles) []string {
	cmds := s.Svc.FileCommands(s.Workspace()).WithKey(keyPlaceholder)
	var rows [][2]string
	if s.teamish {
		rows = append(rows, [2]string{"Upload", cmds.Upload("FILE")})
	}
	if v, ok := s.selected(); ok {
		rows = append(rows, [2]string{"Download", cmds.Download(s.folder + "/" + v.File.Name)})
	}
	rows = append(rows, [2]string{"Browse", cmds.Browse()})
	lines := []string{""}
	for _, r := range rows {
		for i, l := range wrapped(clean(r[1]), 10, s.Width, st.Value) {
			if i == 0 {
				l = st.Label.Render(cell(r[0], 10)) + strings.TrimPrefix(l, strings.Repeat(" ", 10))
			}
			lines = append(lines, l)
		}
	}
	fp := s.KeyFingerprint
	if len(fp) > 20 {
		fp = fp[:20] + "…"
	}
	about := keyPlaceholder + " is the private key you signed in with"
	if fp != "" {
		about += " (" + clean(fp) + ")"
	}
	return append(lines, wrapped(about+".", 0, s.Width, st.Subtle)...)
}

func (s *libraryScreen) View() string {
	if v, ok := s.modalView(); ok {
		return v
	}
	st := s.Styles
	var head []string
	if s.teamish {
		yours, team := st.Title.Render("Your library"), st.Subtle.Render("Team library")
		if s.folder == domain.FolderTeam {
			yours, team = st.Subtle.Render("Your library"), st.Title.Render("Team library")
		}
		head = append(head, yours+st.Subtle.Render(" · ")+team+st.Subtle.Render("  (v switches)"))
	} else {
		head = append(head, st.Title.Render("Files shared with you")+st.Subtle.Render(" · coaching material from your coaches"))
	}
	if s.err != nil {
		head = append(head, st.StatusError.Render(errText(s.err)))
	}
	foot := append(s.commandLines(st), s.refused.lines(st, s.Width)...)
	foot = append(foot, s.confirmLines(st, s.Width)...)
	empty := "  no files shared with you yet"
	if s.teamish {
		empty = "  no files here yet: upload with the line below"
	}
	lv := selList{head: head, foot: foot, rowH: 2, empty: empty}
	return lv.render(st, s.Width, s.Height, &s.rows, func(i int, sel bool) []string {
		v := s.list[i]
		line := selMark(st, sel) + clean(v.File.Name) + "  " + st.Accent.Render(domain.Bytes(v.File.Size))
		if v.File.Team && s.teamish {
			line += "  " + st.Yes.Render("team")
		}
		about := []string{"owner " + partyLabel(v.Owner)}
		if !s.teamish {
			about = []string{"from " + partyLabel(v.Owner), v.At.Format(domain.DateLayout)}
		} else if len(v.Shared) > 0 {
			about = append(about, "shared with "+peopleNames(v.Shared))
		} else {
			about = append(about, "not shared")
		}
		return []string{trunc(line, s.Width), "    " + st.Subtle.Render(trunc(strings.Join(about, " · "), max(s.Width-4, 10)))}
	})
}

func (s *libraryScreen) ShortHelp() []key.Binding {
	if b, ok := s.modalHelp(); ok {
		return b
	}
	if !s.teamish {
		return nil
	}
	b := []key.Binding{s.k.folder}
	if v, ok := s.selected(); ok {
		if v.CanShare {
			b = append(b, s.k.share)
		}
		if len(v.Shared) > 0 {
			b = append(b, s.k.unshare)
		}
		if v.CanTeam {
			b = append(b, s.k.team)
		}
		if s.mayReassign {
			b = append(b, s.k.reassign)
		}
		if v.CanChange {
			b = append(b, s.k.rename, s.k.del)
		}
	}
	return b
}

func (s *libraryScreen) FullHelp() [][]key.Binding {
	if s.modalOpen() {
		return [][]key.Binding{s.ShortHelp()}
	}
	moves := []key.Binding{s.Keys.Up, s.Keys.Down, s.Keys.PageUp, s.Keys.PageDown, s.Keys.Top, s.Keys.Bottom}
	if !s.teamish {
		return [][]key.Binding{moves}
	}
	return [][]key.Binding{moves, {s.k.folder, s.k.share, s.k.unshare, s.k.team, s.k.reassign, s.k.rename, s.k.del}}
}
