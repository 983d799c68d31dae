package sshserver_test

import (
	"fmt"
	"strings"
	"testing"
)

// Display-name impersonation: a name stands for someone beside what they
// did, so invisible and format characters are refused in names, adopted
// signatures and handles, with one clear line — over real SSH (R44, R46).
func TestInvisibleCharactersInNamesAreRefused(t *testing.T) {
	t.Parallel()
	ts := startServer(t)
	jane := ts.client(t, ts.keys["jane"])
	olivia := ts.client(t, ts.keys["olivia"])
	for _, r := range []rune{
		0x200B,  // zero-width space
		0xFEFF,  // byte-order mark
		0x00AD,  // soft hyphen
		0x3164,  // Hangul filler (not Cf)
		0x115F,  // Hangul choseong filler (not Cf)
		0x2028,  // line separator
		0x2029,  // paragraph separator
		0xE0041, // tag latin capital A
		0x202E,  // right-to-left override
		0x200D,  // zero-width joiner
		0xFE0F,  // variation selector
	} {
		name := "Rob" + string(r) + "Reyes"
		for _, cmd := range []string{
			fmt.Sprintf("account set --name '%s'", name),
			fmt.Sprintf("account set --signature '%s'", name),
		} {
			_, errs, code := runOn(t, jane, cmd)
			if code != 1 || strings.Count(strings.TrimSpace(errs), "\n") != 0 || !strings.Contains(errs, "invisible or formatting") {
				t.Errorf("%U: %q: exit %d, %q; want exit 1 and one line about invisible characters", r, cmd, code, errs)
			}
		}
		cmd := fmt.Sprintf("people add kim --name '%s' --email kim%d@example.com --as coach --ws team", name, r)
		if _, errs, code := runOn(t, olivia, cmd); code != 1 || !strings.Contains(errs, "invisible or formatting") {
			t.Errorf("%U: people add: exit %d, %q", r, code, errs)
		}
		handle := "ki" + string(r) + "m"
		cmd = fmt.Sprintf("people add '%s' --name Kim --email kim%d@example.com --as coach --ws team", handle, r)
		if _, errs, code := runOn(t, olivia, cmd); code != 1 || strings.Count(strings.TrimSpace(errs), "\n") != 0 {
			t.Errorf("%U: handle: exit %d, %q", r, code, errs)
		}
	}
	// A plain name that only copies a colleague's is taken: what cannot be
	// forged is shown beside it (the role, TestRolesBesideNames).
	if _, errs, code := runOn(t, jane, "account set --name 'Rob Reyes'"); code != 0 {
		t.Fatalf("a plain name: exit %d: %s", code, errs)
	}
}
