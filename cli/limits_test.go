package cli

import (
	"bytes"
	"crypto/ed25519"
	"crypto/rand"
	"fmt"
	"strings"
	"testing"

	gossh "golang.org/x/crypto/ssh"

	"behalf/domain"
)

// snapshot is the whole database as `backup` writes it: equal snapshots
// mean nothing changed.
func (o *org) snapshot() []byte {
	o.t.Helper()
	var out, errb bytes.Buffer
	if code := Run(Env{Service: o.svc, Person: o.ids["olivia"], Stdout: &out, Stderr: &errb}, []string{"backup"}); code != 0 {
		o.t.Fatalf("backup: exit %d: %s", code, errb.String())
	}
	return out.Bytes()
}

// Input limits (issue 8): lengths for every text field, counts for items
// and keys, ranges for dates, times, numbers and amounts. Every refusal is
// exit 1 with one line on stderr that names the problem, nothing on
// stdout, and the database exactly as it was.
func TestInputLimitsRefuseAndChangeNothing(t *testing.T) {
	t.Parallel()
	o := newOrg(t)
	long := func(n int) string { return strings.Repeat("a", n) }
	// Fill rob's keys up to the limit, so the next one is one too many.
	newKey := func() string {
		pub, _, err := ed25519.GenerateKey(rand.Reader)
		if err != nil {
			t.Fatal(err)
		}
		k, err := gossh.NewPublicKey(pub)
		if err != nil {
			t.Fatal(err)
		}
		return strings.TrimSpace(string(gossh.MarshalAuthorizedKey(k)))
	}
	for i := 1; i < domain.MaxKeys; i++ {
		o.addKey("rob", strings.Fields(newKey())...)
	}
	items := []string{"invoices", "issue", "--client", "jane"}
	for i := 0; i <= domain.MaxInvoiceItems; i++ {
		items = append(items, "--item", fmt.Sprintf("Item %d=1", i))
	}
	add := func(h, name, email string) []string {
		return []string{"people", "add", h, "--name", name, "--email", email, "--as", "client", "--primary", "rob"}
	}
	cases := []struct {
		who  string
		args []string
		want string // in the message
	}{
		// people and accounts: handle, name, email, signature, plan, keys
		{"olivia", add(long(domain.MaxHandleLen+1), "Kim", "kim@example.com"), "too long"},
		{"olivia", add("k", "Kim", "kim@example.com"), "too short"},
		{"olivia", add("kim_k", "Kim", "kim@example.com"), "not valid"},
		{"olivia", add("admin", "Kim", "kim@example.com"), "reserved"},
		{"olivia", add("kim", long(domain.MaxNameLen+1), "kim@example.com"), "too long"},
		{"olivia", add("kim", "   ", "kim@example.com"), "required"},
		{"olivia", add("kim", "Kim", long(250)+"@example.com"), "too long"},
		{"olivia", add("kim", "Kim", "kim@localhost"), "not an email"},
		{"olivia", add("kim", "Kim", "Kim <kim@example.com>"), "not an email"},
		{"olivia", add("kim", "Kim\x1b[2J", "kim@example.com"), "control characters"},
		{"olivia", add("kim", "Kim\xff", "kim@example.com"), "UTF-8"},
		{"rob", []string{"account", "set", "--name", long(domain.MaxNameLen + 1)}, "too long"},
		{"rob", []string{"account", "set", "--signature", long(domain.MaxNameLen + 1)}, "too long"},
		{"rob", []string{"account", "set", "--email", "nope"}, "not an email"},
		{"olivia", []string{"account", "plan", "--set", long(domain.MaxNameLen + 1)}, "too long"},
		{"rob", []string{"account", "key-add", newKey()}, "most allowed"},
		{"rob", []string{"account", "key-add", "ssh-dss AAAAB3NzaC1kc3MAAACBAP"}, ""},
		// practice texts
		{"rob", []string{"notes", "add", "--client", "jane", "--body", long(domain.MaxTextLen + 1)}, "too long"},
		{"rob", []string{"progress", "add", "--client", "jane", "--body", long(domain.MaxTextLen + 1)}, "too long"},
		{"rob", []string{"comments", "add", "--client", "jane", "--body", long(domain.MaxTextLen + 1)}, "too long"},
		{"rob", []string{"messages", "send", "--client", "jane", "--body", long(domain.MaxTextLen + 1)}, "too long"},
		{"rob", []string{"notes", "add", "--client", "jane", "--body", "  \n\t "}, "required"},
		{"rob", []string{"tasks", "add", "--title", long(domain.MaxLineLen + 1)}, "too long"},
		{"rob", []string{"tasks", "add", "--title", "Call", "--due", "2099-01-01"}, "years ahead"},
		{"rob", []string{"tasks", "add", "--title", "Call", "--due", "2026-02-30"}, "not a date"},
		// invoices: items, texts, amounts
		{"olivia", items, "1 to 50 items"},
		{"olivia", []string{"invoices", "issue", "--client", "jane", "--item", long(domain.MaxLineLen+1) + "=10"}, "too long"},
		{"olivia", []string{"invoices", "issue", "--client", "jane", "--item", "Session=1000000.01"}, "too large"},
		{"olivia", []string{"invoices", "issue", "--client", "jane", "--item", "Session=-5"}, "negative"},
		{"olivia", []string{"invoices", "issue", "--client", "jane", "--item", "Session=1e3"}, "not an amount"},
		{"olivia", []string{"invoices", "issue", "--client", "jane", "--item", "Session=12.345"}, "decimals"},
		{"olivia", []string{"invoices", "issue", "--client", "jane", "--item", "Session"}, "TEXT=AMOUNT"},
		{"jane", []string{"invoices", "pay", "3", "--amount", "0"}, ""},
		{"jane", []string{"invoices", "pay", "3", "--amount", "99999"}, ""},
		// packages: name, counts, price, days
		{"olivia", []string{"packages", "define", "--name", long(domain.MaxNameLen + 1), "--sessions", "5", "--price", "100", "--days", "90"}, "too long"},
		{"olivia", []string{"packages", "define", "--name", "P", "--sessions", "0", "--price", "100", "--days", "90"}, ""},
		{"olivia", []string{"packages", "define", "--name", "P", "--sessions", "100000", "--price", "100", "--days", "90"}, ""},
		{"olivia", []string{"packages", "define", "--name", "P", "--sessions", "5", "--price", "100", "--days", "0"}, ""},
		{"olivia", []string{"packages", "define", "--name", "P", "--sessions", "5", "--price", "100", "--days", "99999999999999999999"}, ""},
		{"olivia", []string{"packages", "define", "--name", "P", "--sessions", "5", "--price", "2000000", "--days", "90"}, "too large"},
		// sessions: times and lengths
		{"olivia", []string{"sessions", "book", "--client", "jane", "--coach", "rob", "--start", "2026-12-01T10:00", "--minutes", "5"}, ""},
		{"olivia", []string{"sessions", "book", "--client", "jane", "--coach", "rob", "--start", "2026-12-01T10:00", "--minutes", "241"}, ""},
		{"olivia", []string{"sessions", "book", "--client", "jane", "--coach", "rob", "--start", "2030-12-01T10:00", "--minutes", "30"}, "years ahead"},
		{"olivia", []string{"sessions", "book", "--client", "jane", "--coach", "rob", "--start", "2020-12-01T10:00", "--minutes", "30"}, "days ago"},
		{"olivia", []string{"sessions", "book", "--client", "jane", "--coach", "rob", "--start", "0000-01-01T10:00", "--minutes", "30"}, ""},
		{"olivia", []string{"sessions", "book", "--client", "jane", "--coach", "rob", "--start", "2027-03-14T02:30", "--minutes", "30"}, "does not exist"},
		{"olivia", []string{"sessions", "book", "--client", "jane", "--coach", "rob", "--start", "tomorrow", "--minutes", "30"}, "not a time"},
		{"jane", []string{"sessions", "book", "--start", "2026-11-20T10:00", "--minutes", "30"}, "in the past"},
		// links: expiry dates
		{"olivia", []string{"contacts", "set", "--client", "jane", "--contact", "eve", "--perm", "schedule", "--expires", "2199-01-01"}, "years ahead"},
		{"olivia", []string{"contacts", "set", "--client", "jane", "--contact", "eve", "--perm", "schedule", "--expires", "01/02/2027"}, "not a date"},
		{"olivia", []string{"contacts", "set", "--client", "jane", "--contact", "eve", "--perm", "telepathy"}, ""},
		// lists: page sizes
		{"olivia", []string{"sessions", "list", "--limit", "0"}, "--limit"},
		{"olivia", []string{"people", "list", "--limit", "100000"}, "--limit"},
		{"olivia", []string{"audit", "list", "--limit", "-1"}, "--limit"},
	}
	before := o.snapshot()
	for _, c := range cases {
		name := strings.Join(c.args, " ")
		if len(name) > 80 {
			name = name[:80] + "…"
		}
		var out, errb bytes.Buffer
		code := Run(Env{Service: o.svc, Person: o.ids[c.who], Stdout: &out, Stderr: &errb}, c.args)
		msg := errb.String()
		switch {
		case code != ExitRefused:
			t.Errorf("%s: %s: exit %d, want 1: %q", c.who, name, code, msg)
		case out.Len() != 0:
			t.Errorf("%s: %s: printed %q", c.who, name, out.String())
		case !strings.HasPrefix(msg, "error: ") || strings.Count(msg, "\n") != 1 || len(msg) > 400:
			t.Errorf("%s: %s: want one short error line, got %q", c.who, name, msg)
		case !strings.Contains(msg, c.want):
			t.Errorf("%s: %s: %q does not say %q", c.who, name, msg, c.want)
		}
		if after := o.snapshot(); !bytes.Equal(before, after) {
			t.Fatalf("%s: %s: the refusal changed the database", c.who, name)
		}
	}
}

// Hostile command lines (huge, many arguments, odd bytes) are refused
// quickly as usage or values, and change nothing.
func TestHugeCommandLines(t *testing.T) {
	t.Parallel()
	o := newOrg(t)
	before := o.snapshot()
	many := []string{"perms", "grant", "--person", "rob"}
	for i := 0; i < 20000; i++ {
		many = append(many, "schedule_everything")
	}
	items := []string{"invoices", "issue", "--client", "jane"}
	for i := 0; i < 20000; i++ {
		items = append(items, "--item", "x=1")
	}
	for _, args := range [][]string{
		many, items,
		{"people", "show", strings.Repeat("x", 1<<20)},
		{"people", "list", "--search", strings.Repeat("x", 1<<20)},
		{"notes", "add", "--client", "jane", "--body", strings.Repeat("é", 1<<20)},
		{"explain", "--person", "rob", "--action", strings.Repeat("a.", 1<<18)},
		{"people", strings.Repeat("-", 1<<16)},
	} {
		var out, errb bytes.Buffer
		code := Run(Env{Service: o.svc, Person: o.ids["olivia"], Stdout: &out, Stderr: &errb}, args)
		if code == ExitOK && args[0] != "people" {
			t.Errorf("%s %s…: accepted", args[0], args[1])
		}
		if code != ExitOK && (strings.Count(errb.String(), "\n") != 1 || len(errb.String()) > 400) {
			t.Errorf("%s %s…: want one short error line, got %d bytes", args[0], args[1], errb.Len())
		}
	}
	if !bytes.Equal(before, o.snapshot()) {
		t.Fatal("the database changed")
	}
}
