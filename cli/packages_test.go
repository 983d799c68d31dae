package cli

import (
	"encoding/json"
	"strings"
	"testing"
)

// R51, R37, R30: catalogue, assignment, reassignment and who sees packages.
func TestPackageCommands(t *testing.T) {
	t.Parallel()
	o := newOrg(t)
	var cat []struct {
		ID           string `json:"id"`
		Name         string `json:"name"`
		Sessions     int    `json:"sessions"`
		PriceCents   int64  `json:"price_cents"`
		Currency     string `json:"currency"`
		ValidityDays int    `json:"validity_days"`
	}
	if err := json.Unmarshal([]byte(o.ok("eve", "packages", "catalog", "--json")), &cat); err != nil {
		t.Fatal(err)
	}
	if len(cat) != 4 || cat[0].PriceCents != 250000 || cat[0].Currency != "USD" {
		t.Fatalf("catalogue %+v", cat)
	}
	o.code(ExitDenied, "rob", "packages", "define", "--name", "Mini", "--sessions", "2", "--price", "200", "--days", "30")
	o.ok("adam", "packages", "define", "--name", "Mini", "--sessions", "2", "--price", "200", "--days", "30")
	o.code(ExitRefused, "adam", "packages", "define", "--name", "mini", "--sessions", "2", "--price", "200", "--days", "30")

	var p struct {
		ID                string `json:"id"`
		Client            string `json:"client"`
		Name              string `json:"name"`
		SessionsTotal     int    `json:"sessions_total"`
		SessionsUsed      int    `json:"sessions_used"`
		SessionsRemaining int    `json:"sessions_remaining"`
		Expires           string `json:"expires"`
		BoughtBy          string `json:"bought_by"`
	}
	if err := json.Unmarshal([]byte(o.ok("adam", "packages", "assign", "--client", "casey", "--package", "5", "--bought-by", "pat", "--json")), &p); err != nil {
		t.Fatal(err)
	}
	if p.Client != "casey" || p.Name != "Mini" || p.SessionsTotal != 2 || p.SessionsUsed != 0 || p.Expires != "2026-12-23" || p.BoughtBy != "pat" {
		t.Fatalf("assigned %+v", p)
	}
	o.code(ExitDenied, "mira", "packages", "assign", "--client", "alex", "--package", "5")
	o.code(ExitRefused, "adam", "packages", "assign", "--client", "jane", "--package", "5", "--bought-by", "pat")
	o.code(ExitRefused, "adam", "packages", "assign", "--client", "jane", "--package", "44")
	// R37: pat bought it for the wrong child; an admin moves it, audited
	o.code(ExitRefused, "rob", "packages", "reassign", p.ID, "--client", "alex") // alex is out of rob's sight
	o.code(ExitDenied, "mira", "packages", "reassign", p.ID, "--client", "alex")
	if out := o.ok("adam", "packages", "reassign", p.ID, "--client", "alex"); !strings.Contains(out, "now belongs to alex") {
		t.Errorf("reassign: %s", out)
	}
	audit := o.ok("olivia", "audit", "list", "--limit", "1")
	if !strings.Contains(audit, "adam  reassigned package") {
		t.Errorf("reassignment not audited: %s", audit)
	}
	// pat sees alex's packages, not casey's (R30, R32)
	out := o.ok("pat", "packages", "list", "--ws", "contact:alex")
	if !strings.Contains(out, "Mini") || strings.Contains(out, "casey") {
		t.Errorf("pat for alex: %s", out)
	}
	o.code(ExitDenied, "pat", "packages", "list", "--ws", "contact:casey")
	o.code(ExitRefused, "pat", "packages", "list", "--ws", "contact:alex", "--client", "casey") // R32: not in this workspace's sight
	o.code(ExitDenied, "eve", "packages", "list")
}
