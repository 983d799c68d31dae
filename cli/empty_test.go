package cli

import (
	"strings"
	"testing"
)

// A list with nothing in it says so in words, never a lone header row; a
// list with rows keeps its header.
func TestEmptyListsSaySo(t *testing.T) {
	t.Parallel()
	o := newOrg(t)
	for _, c := range []struct {
		who  string
		args []string
		want string
	}{
		{"jane", []string{"subscriptions", "list"}, "No subscriptions.\n"},
		{"olivia", []string{"notifications", "outbox", "--status", "failed"}, "Nothing in the outbox.\n"},
		{"olivia", []string{"sessions", "list", "--from", "2030-01-01", "--to", "2030-01-31"}, "No sessions.\n"},
		{"olivia", []string{"invoices", "list", "--client", "casey", "--status", "void"}, "No invoices.\n"},
	} {
		if out := o.ok(c.who, c.args...); out != c.want {
			t.Errorf("%s %v: %q, want %q", c.who, c.args, out, c.want)
		}
	}
	if out := o.ok("olivia", "subscriptions", "list"); out != "No subscriptions.\n" {
		t.Errorf("olivia's subscriptions: %q", out)
	}
	if out := o.ok("jane", "invoices", "list"); !strings.HasPrefix(out, "ID  ") || strings.Contains(out, "No invoices") {
		t.Errorf("a list with rows keeps its header: %q", out)
	}
}
