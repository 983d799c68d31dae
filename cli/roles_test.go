package cli

import (
	"strings"
	"testing"
)

// R10, issue 14.3: perms role staff --preview says what the change would
// take away — from the same domain preview the screen shows — and changes
// nothing; the change itself says what it took.
func TestRoleChangePreview(t *testing.T) {
	t.Parallel()
	o := newOrg(t)
	out := o.ok("olivia", "perms", "role", "staff", "--person", "john", "--preview", "--ws", "team")
	for _, want := range []string{"Making John Jensen (john) admin-only staff would take away:", "view-only access to Jane Smith (jane)", "no coaching permissions"} {
		if !strings.Contains(out, want) {
			t.Errorf("preview lacks %q:\n%s", want, out)
		}
	}
	v := decode[roleChangeJSON](t, o.ok("olivia", "perms", "role", "staff", "--person", "john", "--preview", "--ws", "team", "--json"))
	if v.TeamRole != "staff" || len(v.Pairings) != 1 || v.Pairings[0].Client != "jane" || v.Pairings[0].Level != "view" {
		t.Errorf("preview JSON %+v", v)
	}
	if out := o.ok("olivia", "perms", "show", "--person", "john", "--ws", "team"); !strings.Contains(out, "in the pairing pool") {
		t.Fatalf("a preview changed john:\n%s", out)
	}
	// mira is primary for alex and casey: the preview refuses as the change would (R11).
	o.code(ExitRefused, "olivia", "perms", "role", "staff", "--person", "mira", "--preview", "--ws", "team")
	out = o.ok("olivia", "perms", "role", "staff", "--person", "john", "--ws", "team")
	if !strings.Contains(out, "John Jensen (john) is now admin-only staff. That took away:") || !strings.Contains(out, "view-only access to Jane Smith (jane)") {
		t.Errorf("the change's output:\n%s", out)
	}
	if out := o.ok("olivia", "audit", "list", "--limit", "1", "--ws", "team"); !strings.Contains(out, "made john admin-only staff; pairings removed: jane view-only") {
		t.Errorf("the audit:\n%s", out)
	}
}
