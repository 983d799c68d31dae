package cli

import (
	"bytes"
	"path/filepath"
	"strings"
	"testing"

	"behalf/demo"
	"behalf/domain"
	"behalf/internal/fixture"
	"behalf/internal/hostile"
)

// fuzzOrg is the demo organisation for a fuzz run: one per run, shared by
// the inputs (their writes pile up, which is fine: the properties hold in
// any state).
func fuzzOrg(f *testing.F) (*domain.Service, []domain.ID) {
	_, svc := fixture.Demo(f, filepath.Join(f.TempDir(), "behalf.db"), demoKeys(""), domain.Options{Now: demoNow})
	ids := []domain.ID{0} // 0: a key that belongs to nobody
	for _, p := range demo.People {
		who, err := svc.Identify("SHA256:" + p.Handle)
		if err != nil {
			f.Fatal(err)
		}
		ids = append(ids, who.ID)
	}
	return svc, ids
}

// FuzzRun: a command line as SSH hands it over (one string, split as a
// POSIX shell splits words), run as any demo person or an unknown key,
// never panics, exits 0, 1, 2 or 77, says what went wrong in one line, and
// prints no control character (issue 8).
func FuzzRun(f *testing.F) {
	for _, s := range []struct {
		who  byte
		line string
	}{
		{1, "whoami"}, {1, "help"}, {1, "people --help"}, {1, "people list --json"}, {0, "invite redeem ABCD-EFGH"},
		{0, "people list"}, {1, "people add kim --name 'Kim Kline' --email kim@example.com --as client --primary rob"},
		{7, "sessions book --start 2026-12-01T10:00 --minutes 30"}, {1, "invoices issue --client jane --item 'A=1' --item B=2.50"},
		{7, "invoices pay 3 --amount 0.10"}, {10, "invoices list --ws contact:jane"}, {6, "workspaces --ws assistant:rob"},
		{1, "pairing set --coach mira --client jane --level primary"}, {1, "perms grant schedule_all manage_admins --person rob"},
		{1, "explain --person rob --action sessions.book --client jane"}, {1, "audit list --limit 3 --before 5"},
		{1, "contacts link --client jane --contact pat --perm schedule,billing --expires 2027-01-01"},
		{1, "people delete casey --confirm casey"}, {1, "backup --json"}, {3, "notes add --client jane --body 'x\ny'"},
		{1, "--json"}, {1, "people"}, {1, "people list --limit=0"}, {1, "sessions list --from 2026-13-01"},
		{1, "people show '\x1b]52;c;QQ==\x07'"}, {1, "tasks add --title \"$(rm -rf /)\" --due 2026-12-01"},
		{1, "people add x\u202e --name \u009b31m --email a@b.c --as client"}, {2, "--ws"}, {1, "help people extra"},
	} {
		f.Add(s.who, s.line)
	}
	svc, ids := fuzzOrg(f)
	f.Fuzz(func(t *testing.T, who byte, line string) {
		args, err := Split(line)
		if err != nil || len(args) == 0 {
			return // the server refuses these before the cli (sshserver)
		}
		var out, errb bytes.Buffer
		env := Env{Service: svc, Person: ids[int(who)%len(ids)], Key: domain.SSHKey{Fingerprint: "SHA256:fuzz"},
			Addr: "127.0.0.1", Stdout: &out, Stderr: &errb}
		code := Run(env, args)
		switch code {
		case ExitOK, ExitRefused, ExitUsage, ExitDenied:
		default:
			t.Fatalf("%q: exit %d", line, code)
		}
		if code != ExitOK {
			msg := errb.String()
			if !strings.HasPrefix(msg, "error: ") || strings.Count(msg, "\n") != 1 {
				t.Fatalf("%q: exit %d with %q", line, code, msg)
			}
			if strings.Contains(msg, "something went wrong inside behalf") {
				t.Fatalf("%q: an internal error: %q", line, msg)
			}
		}
		if err := hostile.CheckControls(errb.Bytes()); err != nil {
			t.Fatalf("%q: stderr: %v", line, err)
		}
		if args[0] != "backup" || code != ExitOK {
			if err := hostile.CheckControls(out.Bytes()); err != nil {
				t.Fatalf("%q: stdout: %v", line, err)
			}
		}
	})
}
