package domain

import (
	"fmt"
	"net"
	"os"
	"slices"
	"strings"
	"sync"
	"time"
	"unicode/utf8"

	"behalf/blobs"
)

// Library files (R21, R23): every team member keeps a library of files —
// coaching material. An assistant uploads into its practitioner's library
// (attributed to the assistant, R44). A coach shares a file with a client
// they coach; manage_library makes one's own file part of the team library
// (read by every team coach) or stops; reassign_ownership passes any file
// to another team member. No contact ever sees a library file (R23, R31).
//
// Contents live in the data folder by SHA-256 (package blobs); the record
// here names the content, and is written with its audit entry in one
// transaction, after the content is safely on disk.

const (
	colLibrary      Collection = "library_files"
	colLibraryUsage Collection = "library_usage"
)

const (
	ActLibraryList     Action = "library.list"
	ActLibraryShow     Action = "library.show" // reading a file, downloading it too
	ActLibraryUpload   Action = "library.upload"
	ActLibraryRename   Action = "library.rename"
	ActLibraryDelete   Action = "library.delete"
	ActLibraryShare    Action = "library.share"
	ActLibraryTeam     Action = "library.team"
	ActLibraryReassign Action = "library.reassign"
)

// The folders of the file tree a workspace sees over SFTP.
const (
	FolderLibrary = "library" // the workspace's own library (the practitioner's for an assistant)
	FolderTeam    = "team"    // the team library
	FolderShared  = "shared"  // what was shared with this client
)

// LibraryFile is one file's record. People are kept by id.
type LibraryFile struct {
	ID     ID     `json:"id"`
	Name   string `json:"name"`
	Size   int64  `json:"size"`
	SHA256 string `json:"sha256"`
	Owner  ID     `json:"owner"`
	// Uploader put the content there; Behalf is the practitioner an
	// assistant uploaded for (R44).
	Uploader ID        `json:"uploader"`
	Behalf   ID        `json:"behalf,omitempty"`
	Team     bool      `json:"team,omitempty"`
	At       time.Time `json:"at"`
	// Shared are the clients the file is shared with, in the order shared.
	Shared []ID `json:"shared,omitempty"`
}

// SharedWith reports whether the file is shared with client.
func (f LibraryFile) SharedWith(client ID) bool { return slices.Contains(f.Shared, client) }

// libraryUsage is the organisation's running total (one record), so that
// the quota is checked without reading every file.
type libraryUsage struct {
	Bytes int64 `json:"bytes"`
	Files int   `json:"files"`
}

const libraryUsageID ID = 1

// LibraryLimits bound the files an organisation keeps; zero fields take
// the defaults.
type LibraryLimits struct {
	MaxFileSize int64 // bytes in one file
	Quota       int64 // bytes of every library together
	MaxFiles    int   // files in one library
}

// Defaults of LibraryLimits (and of the serve flags that set them).
const (
	DefaultMaxFileSize = 25 << 20
	DefaultQuota       = 2 << 30
	DefaultMaxFiles    = 500
	MaxFileNameLen     = 120
)

func (l LibraryLimits) orDefaults() LibraryLimits {
	if l.MaxFileSize <= 0 {
		l.MaxFileSize = DefaultMaxFileSize
	}
	if l.Quota <= 0 {
		l.Quota = DefaultQuota
	}
	if l.MaxFiles <= 0 {
		l.MaxFiles = DefaultMaxFiles
	}
	return l
}

// LibraryLimits are the limits this server applies.
func (s *Service) LibraryLimits() LibraryLimits { return s.libLimits }

// Indexes: by owner and name (unique: a library holds one file of a name),
// the team library by name (unique), each client's shared files by name
// (unique), and by content (who still needs a stored content).
func libraryIndexes(f *LibraryFile) []Index {
	name := strings.ToLower(f.Name)
	idx := []Index{
		{Name: "name", Key: f.Owner.Key() + "/" + name, Unique: true},
		{Name: "sum", Key: f.SHA256 + "/" + f.ID.Key()},
	}
	if f.Team {
		idx = append(idx, Index{Name: "team", Key: name, Unique: true})
	}
	for _, c := range f.Shared {
		idx = append(idx, Index{Name: "share", Key: c.Key() + "/" + name, Unique: true})
	}
	return idx
}

func saveLibraryFile(tx Tx, f *LibraryFile) error {
	if err := newID(tx, colLibrary, &f.ID); err != nil {
		return err
	}
	return tx.Put(colLibrary, f.ID, f, libraryIndexes(f)...)
}

func loadUsage(tx Tx) (libraryUsage, error) {
	u, err := get[libraryUsage](tx, colLibraryUsage, libraryUsageID)
	if KindOf(err) == KindNotFound {
		return libraryUsage{}, nil
	}
	return u, err
}

func (o *op) addUsage(bytes int64, files int) error {
	u, err := loadUsage(o.tx)
	if err != nil {
		return err
	}
	u.Bytes += bytes
	u.Files += files
	return o.tx.Put(colLibraryUsage, libraryUsageID, u)
}

// noFile is the answer for a file that does not exist or is out of sight.
func noFile(what string) error { return notFoundf("no file %s here", what) }

// CleanFileName validates a file's name as it appears in the tree: one
// line of visible text, no folder separators, nothing a shell or a glob
// reads specially, not hidden, and exactly as typed (no spaces around).
func CleanFileName(name string) (string, error) {
	if name != strings.TrimSpace(name) {
		return "", invalidf("a file name may not start or end with a space")
	}
	s, err := cleanNameLine("the file name", name, false)
	if err != nil {
		return "", err
	}
	if n := utf8.RuneCountInString(s); n > MaxFileNameLen {
		return "", invalidf("the file name is too long: %d characters, at most %d", n, MaxFileNameLen)
	}
	if strings.HasPrefix(s, ".") || strings.HasPrefix(s, "-") || strings.HasPrefix(s, "~") {
		return "", invalidf("a file name may not start with '.', '-' or '~'")
	}
	if i := strings.IndexAny(s, "/\\:*?\"<>|"); i >= 0 {
		return "", invalidf("a file name may not contain %q; use letters, digits, spaces and . _ - ( )", s[i:i+1])
	}
	return s, nil
}

// --- rules

// libraryTeamOnly refuses the workspaces that have no library: contacts
// never see library files (R23, R31); a client only reads what was shared.
func libraryTeamOnly(j judge, what string) (bool, Decision) {
	switch j.a.Workspace.Kind {
	case WSContact:
		return false, deny("library files are coaching material, never shown to contacts") // R23, R31
	case WSMe:
		return false, deny("%s is for the team; your portal shows the files shared with you", what)
	}
	return true, Decision{}
}

// ruleLibraryList: the team lists its libraries and, with view access, the
// files shared with a client; a client lists what was shared with them.
func ruleLibraryList(j judge, t Target) Decision {
	switch j.a.Workspace.Kind {
	case WSContact:
		return deny("library files are coaching material, never shown to contacts") // R23, R31
	case WSMe:
		if ok, d := j.forOwnClient(t.Client); !ok {
			return d
		}
		return allow("these are the files shared with you")
	}
	if t.Client == nil {
		return allow("the team lists its own library and the team library")
	}
	if lvl := j.level(t.Client); lvl >= LevelView {
		return allow("%s have %s access to %s", j.whose(), lvl, t.Client.Name)
	}
	return deny("%s have no access to %s's files", j.whose(), t.Client.Name)
}

// ruleLibraryShow: one's own files, the team library, files shared with
// the client; reassign_ownership sees every file it may pass on.
func ruleLibraryShow(j judge, t Target) Decision {
	f := t.File
	if f == nil {
		return deny("name the file")
	}
	switch j.a.Workspace.Kind {
	case WSContact:
		return deny("library files are coaching material, never shown to contacts") // R23, R31
	case WSMe:
		if f.SharedWith(j.a.Principal.ID) {
			return allow("it was shared with you")
		}
		return deny("this file was not shared with you")
	}
	switch {
	case f.Owner == j.a.Principal.ID:
		return allow("it is in %s library", j.possessive())
	case f.Team:
		return allow("it is in the team library")
	case j.a.Has(PermReassignOwnership):
		return allow("%s hold reassign_ownership", j.whose())
	}
	return deny("it is in another coach's library and not in the team library")
}

// ruleLibraryUpload: a team workspace uploads into its own library — an
// assistant into its practitioner's (R41, R42).
func ruleLibraryUpload(j judge, _ Target) Decision {
	if ok, d := libraryTeamOnly(j, "uploading files"); !ok {
		return d
	}
	return allow("files go into %s library", j.possessive())
}

// ruleLibraryOwn: changing a file is its owner's (R21).
func ruleLibraryOwn(what string) rule {
	return func(j judge, t Target) Decision {
		if ok, d := libraryTeamOnly(j, what); !ok {
			return d
		}
		if t.File == nil {
			return allow("%s library is %s to change", j.possessive(), j.whoseToChange())
		}
		if t.File.Owner == j.a.Principal.ID {
			return allow("it is in %s library", j.possessive())
		}
		return deny("only the file's owner may %s it", what)
	}
}

func (j judge) whoseToChange() string {
	if j.a.Workspace.Kind == WSAssistant {
		return "yours (for " + j.a.Principal.Name + ")"
	}
	return "yours"
}

// ruleLibraryShare: a coach shares their own or a team file with a client
// they coach (R13, R23).
func ruleLibraryShare(j judge, t Target) Decision {
	if ok, d := libraryTeamOnly(j, "sharing files"); !ok {
		return d
	}
	if f := t.File; f != nil && f.Owner != j.a.Principal.ID && !f.Team {
		return deny("only the file's owner shares it, unless it is in the team library")
	}
	if t.Client == nil {
		return allow("%s may share files with the clients %s coach", j.whose(), j.whose())
	}
	if lvl := j.level(t.Client); lvl >= LevelCoaching {
		return allow("%s have %s access to %s", j.whose(), lvl, t.Client.Name)
	} else if lvl == LevelView {
		return deny("view-only access to %s cannot share files", t.Client.Name) // R14
	}
	return deny("to share files with %s you need coaching access; %s have none", t.Client.Name, j.whose())
}

// ruleLibraryTeam: manage_library makes one's own file a team file or
// stops (R21).
func ruleLibraryTeam(j judge, t Target) Decision {
	if ok, d := libraryTeamOnly(j, "the team library"); !ok {
		return d
	}
	if !j.a.Has(PermManageLibrary) {
		return deny("to put files in the team library you need manage_library; %s do not hold it", j.whose())
	}
	if t.File != nil && t.File.Owner != j.a.Principal.ID {
		return deny("manage_library puts one's own files in the team library; this one is another coach's")
	}
	return allow("%s hold manage_library", j.whose())
}

// --- views

// FileView is a file as this workspace sees it.
type FileView struct {
	File       LibraryFile
	Owner      Party
	UploadedBy Party
	At         time.Time // in the organisation's zone
	// Shared are the clients it is shared with (the team's view only).
	Shared    []Person
	CanChange bool // rename, delete
	CanShare  bool
	CanTeam   bool
}

func (o *op) fileView(v *practiceView, f LibraryFile) FileView {
	client := o.clientSight()
	fv := FileView{File: f, Owner: v.party(f.Owner, 0, client), UploadedBy: v.party(f.Uploader, f.Behalf, client), At: f.At.In(v.loc)}
	if o.a.Teamish() {
		for _, c := range f.Shared {
			fv.Shared = append(fv.Shared, v.person(c))
		}
		t := Target{File: &f}
		fv.CanChange = o.allowed(ActLibraryDelete, t)
		fv.CanShare = o.allowed(ActLibraryShare, t)
		fv.CanTeam = o.allowed(ActLibraryTeam, t)
	} else {
		fv.File.Shared = nil // a client learns nothing of other clients
	}
	return fv
}

// --- reading

// LibraryFilter selects files for `library list`.
type LibraryFilter struct {
	Team   bool   // the team library instead of one's own
	Client string // the files shared with this client
}

// ListLibrary lists one's own library, the team library, or the files
// shared with a client, by name.
func (s *Service) ListLibrary(who Who, f LibraryFilter) ([]FileView, error) {
	var out []FileView
	err := s.read(who, func(o *op) error {
		folder := FolderLibrary
		var client *Person
		switch {
		case f.Client != "" || o.a.Workspace.Kind == WSMe || o.a.Workspace.Kind == WSContact:
			c, err := o.client(f.Client)
			if err != nil {
				return err
			}
			client, folder = &c, FolderShared
		case f.Team:
			folder = FolderTeam
		}
		if err := o.authorize(ActLibraryList, Target{Client: client}); err != nil {
			return err
		}
		files, err := o.folderFiles(folder, client)
		if err != nil {
			return err
		}
		v := o.newViewer()
		for _, x := range files {
			out = append(out, o.fileView(v, x))
		}
		return nil
	})
	return out, err
}

// folderFiles reads one folder of the tree, by name: the principal's
// library, the team library, or what is shared with client.
func (o *op) folderFiles(folder string, client *Person) ([]LibraryFile, error) {
	var q Query
	switch folder {
	case FolderLibrary:
		q = Query{Index: "name", Prefix: o.a.Principal.ID.Key() + "/"}
	case FolderTeam:
		q = Query{Index: "team"}
	case FolderShared:
		if client == nil {
			client = &o.a.Principal
		}
		q = Query{Index: "share", Prefix: client.ID.Key() + "/"}
	default:
		return nil, noFile(folder)
	}
	return all[LibraryFile](o.tx, colLibrary, q)
}

// libraryFile loads a file by id, in sight of this workspace.
func (o *op) libraryFile(id ID) (LibraryFile, error) {
	if o.a.Workspace.Kind == WSContact { // R23, R31: not even whether it exists
		return LibraryFile{}, o.authorize(ActLibraryList, Target{Client: &o.a.Principal})
	}
	f, err := get[LibraryFile](o.tx, colLibrary, id)
	if KindOf(err) == KindNotFound {
		return f, noFile(id.String())
	}
	if err != nil {
		return f, err
	}
	if d := decide(o.tx, o.a, ActLibraryShow, Target{File: &f}); !d.Allowed {
		if o.a.Workspace.Kind == WSContact {
			return f, d.Err()
		}
		return f, noFile(id.String()) // another's file: as if there were none
	}
	return f, nil
}

// ShowFile is one file by id.
func (s *Service) ShowFile(who Who, id ID) (FileView, error) {
	var out FileView
	err := s.read(who, func(o *op) error {
		f, err := o.libraryFile(id)
		if err != nil {
			return err
		}
		out = o.fileView(o.newViewer(), f)
		return nil
	})
	return out, err
}

// --- the file tree (SFTP)

// FileFolders are the folders of the tree this workspace has: library and
// team for the team, shared for a client, none for a contact (R23, R31).
func (s *Service) FileFolders(who Who) ([]string, error) {
	var out []string
	err := s.read(who, func(o *op) error {
		switch {
		case o.a.Teamish():
			out = []string{FolderLibrary, FolderTeam}
		case o.a.Workspace.Kind == WSMe:
			out = []string{FolderShared}
		default:
			return o.authorize(ActLibraryList, Target{Client: &o.a.Principal})
		}
		return nil
	})
	return out, err
}

// folderAllowed refuses a folder this workspace does not have.
func (o *op) folderAllowed(folder string) error {
	switch folder {
	case FolderLibrary, FolderTeam:
		if !o.a.Teamish() {
			if o.a.Workspace.Kind == WSContact {
				return o.authorize(ActLibraryList, Target{Client: &o.a.Principal})
			}
			return notFoundf("there is no folder %s here; your files are in shared/", folder)
		}
	case FolderShared:
		if o.a.Workspace.Kind != WSMe {
			if o.a.Workspace.Kind == WSContact {
				return o.authorize(ActLibraryList, Target{Client: &o.a.Principal})
			}
			return notFoundf("there is no folder shared here; the team's files are in library/ and team/")
		}
	default:
		return notFoundf("there is no folder %s here", clip(folder, 40))
	}
	return nil
}

// Folder lists one folder of the tree.
func (s *Service) Folder(who Who, folder string) ([]FileView, error) {
	var out []FileView
	err := s.read(who, func(o *op) error {
		if err := o.folderAllowed(folder); err != nil {
			return err
		}
		files, err := o.folderFiles(folder, nil)
		if err != nil {
			return err
		}
		v := o.newViewer()
		for _, f := range files {
			out = append(out, o.fileView(v, f))
		}
		return nil
	})
	return out, err
}

// fileAt finds folder/name in this workspace's tree.
func (o *op) fileAt(folder, name string) (LibraryFile, error) {
	if err := o.folderAllowed(folder); err != nil {
		return LibraryFile{}, err
	}
	var key, index string
	lower := strings.ToLower(name)
	switch folder {
	case FolderLibrary:
		index, key = "name", o.a.Principal.ID.Key()+"/"+lower
	case FolderTeam:
		index, key = "team", lower
	case FolderShared:
		index, key = "share", o.a.Principal.ID.Key()+"/"+lower
	}
	id, err := o.tx.Lookup(colLibrary, index, key)
	if KindOf(err) == KindNotFound {
		return LibraryFile{}, noFile(folder + "/" + clip(name, MaxFileNameLen))
	}
	if err != nil {
		return LibraryFile{}, err
	}
	return o.libraryFile(id)
}

// FileAt is folder/name in this workspace's tree.
func (s *Service) FileAt(who Who, folder, name string) (FileView, error) {
	var out FileView
	err := s.read(who, func(o *op) error {
		f, err := o.fileAt(folder, name)
		if err != nil {
			return err
		}
		out = o.fileView(o.newViewer(), f)
		return nil
	})
	return out, err
}

// OpenFile opens folder/name for reading; the caller closes it.
func (s *Service) OpenFile(who Who, folder, name string) (FileView, *os.File, error) {
	fv, err := s.FileAt(who, folder, name)
	if err != nil {
		return fv, nil, err
	}
	if s.files == nil {
		return fv, nil, errNoFileStore
	}
	r, err := s.files.Open(fv.File.SHA256)
	return fv, r, err
}

var errNoFileStore = fmt.Errorf("this server keeps no files (no files folder was given)")

// --- uploading

// Upload is one file on its way into a library. Its content is refused
// while it comes as soon as it is over a limit, and nothing is kept.
type Upload struct {
	s      *Service
	who    Who
	name   string
	w      *blobs.Upload
	limits LibraryLimits
	used   int64 // the organisation's bytes when the upload began, less what it replaces

	mu       sync.Mutex // SFTP writes come from several goroutines
	reserved int64      // bytes counted in s.libInflight for this upload
	err      error      // the refusal, once there is one
}

// BeginUpload starts an upload of name into this workspace's library.
func (s *Service) BeginUpload(who Who, folder, name string) (*Upload, error) {
	if s.files == nil {
		return nil, errNoFileStore
	}
	u := &Upload{s: s, who: who, limits: s.libLimits}
	err := s.read(who, func(o *op) error {
		if folder != FolderLibrary {
			if err := o.folderAllowed(folder); err != nil {
				return err
			}
			return deniedf("%s/ is read-only; upload into library/", folder)
		}
		if err := o.authorize(ActLibraryUpload, Target{}); err != nil {
			return err
		}
		n, err := CleanFileName(name)
		if err != nil {
			return err
		}
		u.name = n
		plan, err := o.uploadPlan(n, 0)
		if err != nil {
			return err
		}
		u.used = plan.used
		return nil
	})
	if err != nil {
		return nil, err
	}
	if u.w, err = s.files.Create(); err != nil {
		return nil, err
	}
	return u, nil
}

type uploadPlan struct {
	replace *LibraryFile
	used    int64 // the organisation's bytes, less what is replaced
}

// uploadPlan checks what an upload of name (size bytes, 0 while unknown)
// may do: replace the principal's file of that name unless it is shared
// (a client keeps what they received, R21), stay within the library's
// count and the organisation's quota.
func (o *op) uploadPlan(name string, size int64) (uploadPlan, error) {
	var p uploadPlan
	lim := o.s.libLimits
	usage, err := loadUsage(o.tx)
	if err != nil {
		return p, err
	}
	p.used = usage.Bytes
	id, err := o.tx.Lookup(colLibrary, "name", o.a.Principal.ID.Key()+"/"+strings.ToLower(name))
	switch KindOf(err) {
	case 0:
		if err != nil {
			return p, err
		}
		f, err := get[LibraryFile](o.tx, colLibrary, id)
		if err != nil {
			return p, err
		}
		if len(f.Shared) > 0 {
			return p, conflictf("%s is shared with clients, who keep what they received; upload under another name", f.Name)
		}
		p.replace = &f
		p.used -= f.Size
	case KindNotFound:
		n := 0
		err := o.tx.Scan(colLibrary, Query{Index: "name", Prefix: o.a.Principal.ID.Key() + "/"}, func(string, ID) (bool, error) {
			n++
			return n < lim.MaxFiles, nil
		})
		if err != nil {
			return p, err
		}
		if n >= lim.MaxFiles {
			return p, conflictf("the library is full: %d files, the most allowed; delete some first", lim.MaxFiles)
		}
	default:
		return p, err
	}
	if size > lim.MaxFileSize {
		return p, fileTooLarge(lim)
	}
	if p.used+size > lim.Quota {
		return p, overQuota(lim)
	}
	return p, nil
}

func fileTooLarge(lim LibraryLimits) error {
	return invalidf("the file is too large: at most %s in one file", Bytes(lim.MaxFileSize))
}

func overQuota(lim LibraryLimits) error {
	return conflictf("the organisation's files would take more than its %s of space; delete some files first", Bytes(lim.Quota))
}

// WriteAt takes the content as it comes, refusing it once it is over the
// size limit or the quota; then nothing is kept.
func (u *Upload) WriteAt(p []byte, off int64) (int, error) {
	if err := u.reserve(off + int64(len(p))); err != nil {
		return 0, err
	}
	return u.w.WriteAt(p, off)
}

// reserve counts the upload as reaching end, or refuses it.
func (u *Upload) reserve(end int64) error {
	u.mu.Lock()
	defer u.mu.Unlock()
	if u.err != nil {
		return u.err
	}
	if end > u.limits.MaxFileSize {
		return u.refuseLocked(fileTooLarge(u.limits))
	}
	if grow := end - u.reserved; grow > 0 {
		// Uploads in flight count against the quota as they grow, so
		// twenty at once cannot each fit alone and overflow together.
		if u.used+u.s.libInflight.Add(grow) > u.limits.Quota {
			u.s.libInflight.Add(-grow)
			return u.refuseLocked(overQuota(u.limits))
		}
		u.reserved = end
	}
	return nil
}

func (u *Upload) refuseLocked(err error) error {
	u.err = err
	u.w.Abort()
	u.releaseLocked()
	return err
}

// Abort throws the upload away (a dropped connection, a refusal).
func (u *Upload) Abort() {
	u.mu.Lock()
	defer u.mu.Unlock()
	u.w.Abort()
	u.releaseLocked()
}

func (u *Upload) releaseLocked() {
	u.s.libInflight.Add(-u.reserved)
	u.reserved = 0
}

// Refused is the refusal that ended the upload, if any.
func (u *Upload) Refused() error {
	u.mu.Lock()
	defer u.mu.Unlock()
	return u.err
}

// Commit stores the content and writes the file's record and audit entry
// in one transaction; on any refusal nothing is kept.
func (u *Upload) Commit() (FileView, error) {
	if err := u.Refused(); err != nil {
		return FileView{}, err
	}
	defer func() {
		u.mu.Lock()
		u.releaseLocked()
		u.mu.Unlock()
	}()
	sum, size, err := u.w.Commit()
	if err != nil {
		return FileView{}, err
	}
	s := u.s
	var out FileView
	var old string
	err = s.write(u.who, func(o *op) error {
		if err := o.authorize(ActLibraryUpload, Target{}); err != nil {
			return err
		}
		plan, err := o.uploadPlan(u.name, size)
		if err != nil {
			return err
		}
		f := LibraryFile{Name: u.name, Owner: o.a.Principal.ID, Uploader: o.a.Actor.ID, Behalf: o.a.OnBehalfOf(), At: o.now, Size: size, SHA256: sum}
		growth, files := size, 1
		verb := "uploaded"
		if r := plan.replace; r != nil {
			f.ID, f.Team = r.ID, r.Team
			old, growth, files, verb = r.SHA256, size-r.Size, 0, "replaced"
		}
		if err := saveLibraryFile(o.tx, &f); err != nil {
			return err
		}
		if err := o.addUsage(growth, files); err != nil {
			return err
		}
		o.touchLibrary(f)
		out = o.fileView(o.newViewer(), f)
		return o.audit(ActLibraryUpload, record{Target: "file " + f.ID.String(), Detail: fmt.Sprintf("%s %s (%s)", verb, f.Name, Bytes(size))})
	})
	s.files.Unpin(sum)
	if err != nil {
		u.mu.Lock()
		u.err = err
		u.mu.Unlock()
		s.dropContent(sum)
		return FileView{}, err
	}
	if old != "" && old != sum {
		s.dropContent(old)
	}
	return out, nil
}

// dropContent removes a content no record names any more. A failure only
// leaves an orphan, which the next start sweeps.
func (s *Service) dropContent(sum string) {
	_ = s.files.Drop(sum, func() (bool, error) {
		used := false
		err := s.store.View(func(tx Tx) error {
			return tx.Scan(colLibrary, Query{Index: "sum", Prefix: sum + "/"}, func(string, ID) (bool, error) {
				used = true
				return false, nil
			})
		})
		return used, err
	})
}

// SweepFiles removes what a crash left in the files folder: uploads cut
// short, and contents no record names. Run it at start, before serving.
func (s *Service) SweepFiles() (blobs.Swept, error) {
	if s.files == nil {
		return blobs.Swept{}, nil
	}
	keep := map[string]bool{}
	err := s.store.View(func(tx Tx) error {
		return tx.Scan(colLibrary, Query{Index: "sum"}, func(key string, _ ID) (bool, error) {
			sum, _, _ := strings.Cut(key, "/")
			keep[sum] = true
			return true, nil
		})
	})
	if err != nil {
		return blobs.Swept{}, err
	}
	return s.files.Sweep(func(sum string) bool { return keep[sum] })
}

// touchLibrary tells the open screens of the owner, the uploader and the
// clients it is shared with; the team library's readers hear it on the
// team feed.
func (o *op) touchLibrary(f LibraryFile) {
	o.changed(f.Owner, f.Uploader)
	o.changed(f.Shared...)
	if f.Team {
		o.touchTeam()
	}
}

// --- changes

// RenameFile gives one's own file another name.
func (s *Service) RenameFile(who Who, id ID, name string) (FileView, error) {
	return s.changeFile(who, id, ActLibraryRename, func(o *op, f *LibraryFile) (string, error) {
		n, err := CleanFileName(name)
		if err != nil {
			return "", inField("name", err)
		}
		was := f.Name
		f.Name = n
		return fmt.Sprintf("renamed %s to %s", was, n), o.uniqueNames(*f)
	})
}

// uniqueNames refuses a name another file already has where f appears.
func (o *op) uniqueNames(f LibraryFile) error {
	name := strings.ToLower(f.Name)
	clash := func(index, key string) (bool, error) {
		id, err := o.tx.Lookup(colLibrary, index, key)
		if KindOf(err) == KindNotFound {
			return false, nil
		}
		return err == nil && id != f.ID, err
	}
	if c, err := clash("name", f.Owner.Key()+"/"+name); c || err != nil {
		if err == nil {
			err = conflictf("the library already holds a file named %s", f.Name)
		}
		return err
	}
	if f.Team {
		if c, err := clash("team", name); c || err != nil {
			if err == nil {
				err = conflictf("the team library already holds a file named %s; rename one of them first", f.Name)
			}
			return err
		}
	}
	for _, cl := range f.Shared {
		if c, err := clash("share", cl.Key()+"/"+name); c || err != nil {
			if err == nil {
				p, _ := o.loadPerson(cl)
				err = conflictf("%s already has a shared file named %s; rename one of them first", p.Name, f.Name)
			}
			return err
		}
	}
	return nil
}

// changeFile is the shape of every change to one file: load in sight,
// authorise, change, save, audit.
func (s *Service) changeFile(who Who, id ID, act Action, change func(o *op, f *LibraryFile) (string, error)) (FileView, error) {
	var out FileView
	err := s.write(who, func(o *op) error {
		f, err := o.libraryFile(id)
		if err != nil {
			return err
		}
		if err := o.authorize(act, Target{File: &f}); err != nil {
			return err
		}
		before := f
		detail, err := change(o, &f)
		if err != nil {
			return err
		}
		if err := o.tx.Put(colLibrary, f.ID, &f, libraryIndexes(&f)...); err != nil {
			return err
		}
		o.touchLibrary(before)
		o.touchLibrary(f)
		out = o.fileView(o.newViewer(), f)
		return o.audit(act, record{Target: "file " + f.ID.String(), Detail: detail})
	})
	return out, err
}

// ShareFile shares a file with a client the workspace coaches, or stops
// (off). The client reads it from shared/.
func (s *Service) ShareFile(who Who, id ID, client string, off bool) (FileView, error) {
	return s.changeFile(who, id, ActLibraryShare, func(o *op, f *LibraryFile) (string, error) {
		c, err := o.client(client)
		if err != nil {
			return "", inField("client", err)
		}
		if err := o.authorize(ActLibraryShare, Target{File: f, Client: &c}); err != nil {
			return "", err
		}
		if off {
			if !f.SharedWith(c.ID) {
				return "", conflictf("%s is not shared with %s", f.Name, c.Name)
			}
			f.Shared = slices.DeleteFunc(f.Shared, func(x ID) bool { return x == c.ID })
			o.changed(c.ID)
			return fmt.Sprintf("stopped sharing %s with %s", f.Name, c.Handle), nil
		}
		if f.SharedWith(c.ID) {
			return "", conflictf("%s is already shared with %s", f.Name, c.Name)
		}
		f.Shared = append(f.Shared, c.ID)
		return fmt.Sprintf("shared %s with %s", f.Name, c.Handle), o.uniqueNames(*f)
	})
}

// TeamFile puts one's own file in the team library, or takes it out (off).
func (s *Service) TeamFile(who Who, id ID, off bool) (FileView, error) {
	return s.changeFile(who, id, ActLibraryTeam, func(o *op, f *LibraryFile) (string, error) {
		if f.Team == !off {
			if off {
				return "", conflictf("%s is not in the team library", f.Name)
			}
			return "", conflictf("%s is already in the team library", f.Name)
		}
		f.Team = !off
		if off {
			return fmt.Sprintf("took %s out of the team library", f.Name), nil
		}
		return fmt.Sprintf("put %s in the team library", f.Name), o.uniqueNames(*f)
	})
}

// ReassignFile passes a file to another team member (reassign_ownership, R21).
func (s *Service) ReassignFile(who Who, id ID, to string) (FileView, error) {
	return s.changeFile(who, id, ActLibraryReassign, func(o *op, f *LibraryFile) (string, error) {
		p, err := o.person(to)
		if err != nil {
			return "", inField("to", err)
		}
		if !p.IsTeam() || !p.Active() {
			return "", inField("to", invalidf("%s is not an active team member; files belong to the team", p.Handle))
		}
		if p.ID == f.Owner {
			return "", conflictf("%s already owns %s", p.Name, f.Name)
		}
		n := 0
		if err := o.tx.Scan(colLibrary, Query{Index: "name", Prefix: p.ID.Key() + "/"}, func(string, ID) (bool, error) {
			n++
			return n < o.s.libLimits.MaxFiles, nil
		}); err != nil {
			return "", err
		}
		if n >= o.s.libLimits.MaxFiles {
			return "", conflictf("%s's library is full: %d files, the most allowed", p.Name, n)
		}
		from := f.Owner
		f.Owner = p.ID
		o.changed(from)
		return fmt.Sprintf("passed %s to %s", f.Name, p.Handle), o.uniqueNames(*f)
	})
}

// DeleteFile deletes one's own file. A file shared with clients is not
// deleted unless confirm repeats its id: then it is unshared and deleted.
func (s *Service) DeleteFile(who Who, id ID, confirm string) error {
	var sum string
	err := s.write(who, func(o *op) error {
		f, err := o.libraryFile(id)
		if err != nil {
			return err
		}
		if err := o.authorize(ActLibraryDelete, Target{File: &f}); err != nil {
			return err
		}
		if course, err := o.usedByCourses(f.ID); err != nil || course != "" {
			if err == nil {
				err = conflictf("%s is used by the course %s; take it out of the course first", f.Name, course)
			}
			return err
		}
		if len(f.Shared) > 0 && strings.TrimSpace(confirm) != f.ID.String() {
			names := make([]string, 0, len(f.Shared))
			for _, c := range f.Shared {
				p, _ := o.loadPerson(c)
				names = append(names, p.Handle)
			}
			return &Error{Kind: KindConflict, cause: ErrFileShared, Msg: fmt.Sprintf("%s is shared with %s; deleting it unshares it: confirm with --confirm %s",
				f.Name, strings.Join(names, ", "), f.ID)}
		}
		if err := o.tx.Delete(colLibrary, f.ID); err != nil {
			return err
		}
		if err := o.addUsage(-f.Size, -1); err != nil {
			return err
		}
		o.touchLibrary(f)
		sum = f.SHA256
		detail := "deleted " + f.Name
		if len(f.Shared) > 0 {
			detail += " and unshared it from " + libPlural(len(f.Shared), "client", "clients")
		}
		return o.audit(ActLibraryDelete, record{Target: "file " + f.ID.String(), Detail: detail})
	})
	if err == nil && s.files != nil {
		s.dropContent(sum)
	}
	return err
}

// ErrFileShared is the cause of a delete refused because the file is shared; a
// screen asks and deletes again with the confirmation.
var ErrFileShared = fmt.Errorf("the file is shared")

// FileAtID finds folder/name and returns its id (SFTP's rename and remove
// name files by path).
func (s *Service) FileAtID(who Who, folder, name string) (ID, error) {
	fv, err := s.FileAt(who, folder, name)
	return fv.File.ID, err
}

// --- cascades and checks

// A deleted client's shares go with them (R19); a team member who owns
// files is not deleted until they are passed on (R21).
func init() {
	onDelete = append(onDelete, func(o *op, p Person) error {
		n := 0
		err := o.tx.Scan(colLibrary, Query{Index: "name", Prefix: p.ID.Key() + "/"}, func(string, ID) (bool, error) {
			n++
			return false, nil
		})
		if err != nil {
			return err
		}
		if n > 0 {
			return conflictf("%s owns library files; pass them on first (library reassign ID --to H) or delete them", p.Name)
		}
		shared, err := all[LibraryFile](o.tx, colLibrary, Query{Index: "share", Prefix: p.ID.Key() + "/"})
		if err != nil {
			return err
		}
		for _, f := range shared {
			f.Shared = slices.DeleteFunc(f.Shared, func(x ID) bool { return x == p.ID })
			if err := o.tx.Put(colLibrary, f.ID, &f, libraryIndexes(&f)...); err != nil {
				return err
			}
		}
		return nil
	})
}

// verifyLibrary: every file is owned by a team member, names a valid
// content, is shared only with clients, and the running total matches.
func verifyLibrary(v *verification) error {
	var total libraryUsage
	err := each(v.tx, colLibrary, Query{}, func(f LibraryFile) (bool, error) {
		total.Bytes += f.Size
		total.Files++
		if p, ok := v.people[f.Owner]; !ok || !p.IsTeam() {
			v.add("library file %s: its owner %s is not a team member", f.ID, f.Owner)
		}
		if !blobs.ValidSum(f.SHA256) || f.Size < 0 {
			v.add("library file %s: no valid content", f.ID)
		}
		if _, err := CleanFileName(f.Name); err != nil {
			v.add("library file %s: %v", f.ID, err)
		}
		for _, c := range f.Shared {
			if !v.isClient(c) {
				v.add("library file %s: shared with %s, who is not a client", f.ID, c)
			}
		}
		return true, nil
	})
	if err != nil {
		return err
	}
	u, err := loadUsage(v.tx)
	if err != nil {
		return err
	}
	if u != total {
		v.add("library usage says %d files of %d bytes; the files add up to %d of %d", u.Files, u.Bytes, total.Files, total.Bytes)
	}
	return nil
}

// verifyLibraryUsage is checked with the files (verifyLibrary).
func verifyLibraryUsage(v *verification) error {
	n, err := v.tx.Count(colLibraryUsage)
	if err == nil && n > 1 {
		v.add("library usage has %d records; there is one", n)
	}
	return err
}

// Bytes is a size for people: 512 bytes, 3.4 KiB, 25 MiB.
func Bytes(n int64) string {
	const unit = 1024
	if n < unit {
		return libPlural(int(n), "byte", "bytes")
	}
	div, exp := int64(unit), 0
	for m := n / unit; m >= unit && exp < 3; m /= unit {
		div *= unit
		exp++
	}
	v := float64(n) / float64(div)
	s := fmt.Sprintf("%.1f", v)
	s = strings.TrimSuffix(s, ".0")
	return s + " " + []string{"KiB", "MiB", "GiB", "TiB"}[exp]
}

// libPlural is "1 client", "2 clients".
func libPlural(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return fmt.Sprintf("%d %s", n, many)
}

// FileCommandLines are the exact sftp and scp lines a workspace uses to
// reach its files on this server (screens and `library show` print them).
type FileCommandLines struct {
	user, host, port string
	key              string // the private key file to name with -i, if any
}

// FileCommands are the command lines for workspace ws: its SSH user name
// carries the workspace (a plus for the colon, which scp reads as a path).
func (s *Service) FileCommands(ws Workspace) FileCommandLines {
	host, port, err := net.SplitHostPort(s.sshAddress)
	if err != nil {
		host, port = s.sshAddress, "22"
	}
	if strings.Contains(host, ":") {
		host = "[" + host + "]"
	}
	return FileCommandLines{user: strings.Replace(ws.ID, ":", "+", 1), host: host, port: port}
}

func (l FileCommandLines) at() string { return l.user + "@" + l.host }

// WithKey names the private key file (ssh's -i) in the lines: a screen
// shows a placeholder for the key its person signed in with.
func (l FileCommandLines) WithKey(path string) FileCommandLines {
	l.key = path
	return l
}

// opts are the options every line starts with: the port, and the key.
func (l FileCommandLines) opts() string {
	if l.key == "" {
		return "-P " + l.port
	}
	return "-P " + l.port + " -i " + shellWord(l.key)
}

// Browse opens an sftp session (ls, put, get, rm, rename).
func (l FileCommandLines) Browse() string { return "sftp " + l.opts() + " " + l.at() }

// Upload puts a local file into library/.
func (l FileCommandLines) Upload(local string) string {
	return "scp " + l.opts() + " " + shellWord(local) + " " + l.at() + ":" + FolderLibrary + "/"
}

// Download fetches path (folder/name) into the current folder.
func (l FileCommandLines) Download(path string) string {
	return "scp " + l.opts() + " " + shellWord(l.at()+":"+path) + " ."
}

// shellWord quotes s for a POSIX shell when it needs it.
func shellWord(s string) string {
	for _, r := range s {
		if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || strings.ContainsRune("@%+=:,./_-", r)) {
			return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
		}
	}
	return s
}
