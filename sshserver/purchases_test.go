package sshserver_test

import (
	"encoding/json"
	"strings"
	"testing"
)

// R55, R37, R30, R32 over SSH: eve buys Starter 3 for jane and pays; the
// package is jane's and usable once paid. pat's links carry no billing; a
// contact never buys for a client they do not act for.
func TestBuyAndPayOverSSH(t *testing.T) {
	t.Parallel()
	ts := startServer(t)
	eve := ts.client(t, ts.keys["eve"])
	out, errs, code := runOn(t, eve, "packages buy --package 3 --json")
	if code != 0 {
		t.Fatalf("eve buys: %d %s", code, errs)
	}
	var bought struct {
		Package struct {
			ID, Client, BoughtBy, Invoice string
			Usable                        bool
		}
		Invoice struct {
			ID         string
			Status     string
			TotalCents int64 `json:"total_cents"`
		}
	}
	if err := json.Unmarshal([]byte(out), &bought); err != nil {
		t.Fatal(err)
	}
	p := bought.Package
	if p.Client != "jane" || p.Usable || p.Invoice != bought.Invoice.ID || bought.Invoice.Status != "open" || bought.Invoice.TotalCents != 45000 {
		t.Fatalf("bought: %s", out)
	}
	if out, _, _ := runOn(t, eve, "packages buy --package 3"); !strings.Contains(out, "Eve Evans for Jane Smith") {
		t.Fatalf("the purchase should say who bought it for whom: %s", out)
	}
	if _, errs, code := runOn(t, eve, "invoices pay "+bought.Invoice.ID); code != 0 {
		t.Fatalf("eve pays: %d %s", code, errs)
	}
	// jane's portal (the client sees their packages) shows it usable
	out, errs, code = ts.run(t, ts.keys["jane"], "packages list --json")
	if code != 0 {
		t.Fatalf("jane's packages: %d %s", code, errs)
	}
	var list []struct {
		ID       string
		Usable   bool
		BoughtBy string `json:"bought_by"`
	}
	if err := json.Unmarshal([]byte(out), &list); err != nil {
		t.Fatal(err)
	}
	found := false
	for _, q := range list {
		if q.ID == p.ID {
			found = q.Usable && q.BoughtBy == "eve"
		}
	}
	if !found {
		t.Fatalf("after paying, jane's package %s should be usable and bought by eve: %s", p.ID, out)
	}
	pat := ts.client(t, ts.keys["pat"])
	if _, errs, code := runOn(t, pat, "packages buy --package 3 --ws contact:alex"); code != denied || strings.Count(strings.TrimSpace(errs), "\n") != 0 {
		t.Fatalf("pat, without billing: %d %q", code, errs)
	}
	if _, _, code := runOn(t, pat, "packages buy --package 3 --client jane --ws contact:alex"); code != refused {
		t.Fatalf("pat buying for jane, whom he does not act for: %d", code)
	}
	if _, _, code := runOn(t, eve, "packages buy --package 3 --ws contact:alex"); code != denied {
		t.Fatalf("eve in a workspace that is not hers: %d", code)
	}
}

// R56 over SSH: the seat limit refuses the next client with a line saying
// how many are used and who changes the plan; a deactivation frees a seat.
func TestSeatLimitOverSSH(t *testing.T) {
	t.Parallel()
	ts := startServer(t)
	olivia, adam := ts.client(t, ts.keys["olivia"]), ts.client(t, ts.keys["adam"])
	if _, errs, code := runOn(t, olivia, "account plan --seats 3 --ws team"); code != 0 {
		t.Fatalf("seats: %d %s", code, errs)
	}
	add := "people add kim --name Kim --email kim@example.com --as client --primary rob"
	_, errs, code := runOn(t, adam, add)
	if code != refused || !strings.Contains(errs, "all 3 client seats of the plan are used (3 active clients)") || !strings.Contains(errs, "Olivia Owens, the account owner") {
		t.Fatalf("the fourth client: %d %s", code, errs)
	}
	if _, errs, code := runOn(t, adam, "people deactivate casey"); code != 0 {
		t.Fatalf("deactivate: %d %s", code, errs)
	}
	if _, errs, code := runOn(t, adam, add); code != 0 {
		t.Fatalf("after a deactivation: %d %s", code, errs)
	}
	out, _, _ := runOn(t, olivia, "account plan --ws team --json")
	var plan struct {
		Seats     int `json:"seats"`
		SeatsUsed int `json:"seats_used"`
	}
	if err := json.Unmarshal([]byte(out), &plan); err != nil || plan.Seats != 3 || plan.SeatsUsed != 3 {
		t.Fatalf("account plan: %s (%v)", out, err)
	}
	if _, _, code := runOn(t, adam, "account plan"); code != denied {
		t.Fatalf("adam sees the owner's page: %d", code) // R18
	}
}

// R56, R18 over SSH: a cancelled account refuses every write with one
// clear line, still lets everyone read and the owner back up, and the
// owner reopens it.
func TestCancelledAccountOverSSH(t *testing.T) {
	t.Parallel()
	ts := startServer(t)
	olivia := ts.client(t, ts.keys["olivia"])
	if _, errs, code := runOn(t, olivia, "account cancel --confirm Northwind --ws team"); code != 1 {
		t.Fatalf("a wrong name: %d %s", code, errs)
	}
	out, errs, code := runOn(t, olivia, "account cancel --confirm 'Northwind Coaching' --ws team")
	if code != 0 || !strings.Contains(out, "read-only") {
		t.Fatalf("cancel: %d %s %s", code, out, errs)
	}
	for who, cmd := range map[string]string{
		"adam":   "people add kim --name Kim --email kim@example.com --as contact",
		"eve":    "packages buy --package 3",
		"jane":   "account set --signature J",
		"rob":    "notes add --client jane --body hello",
		"olivia": "account payment-method --set 'Visa 4242 12/30' --ws team",
		"asa":    "tasks add --title call --ws assistant:rob",
	} {
		_, errs, code := ts.run(t, ts.keys[who], cmd)
		line := strings.TrimSpace(errs)
		if code != refused || strings.Contains(line, "\n") || !strings.Contains(line, "is cancelled, so nothing can be changed") {
			t.Errorf("%s: %q: %d %q", who, cmd, code, errs)
		}
	}
	for who, cmd := range map[string]string{"eve": "invoices list", "jane": "sessions list", "adam": "people list"} {
		if _, errs, code := ts.run(t, ts.keys[who], cmd); code != 0 {
			t.Errorf("%s reads %q: %d %s", who, cmd, code, errs)
		}
	}
	backup, errs, code := runOn(t, olivia, "backup --ws team")
	if code != 0 || len(backup) < 1024 {
		t.Fatalf("the owner's backup: %d, %d bytes, %s", code, len(backup), errs)
	}
	if _, _, code := ts.run(t, ts.keys["adam"], "account reopen"); code != denied {
		t.Fatalf("adam reopens: %d", code)
	}
	if _, errs, code := runOn(t, olivia, "account reopen --ws team"); code != 0 {
		t.Fatalf("reopen: %d %s", code, errs)
	}
	if _, errs, code := ts.run(t, ts.keys["eve"], "packages buy --package 3"); code != 0 {
		t.Fatalf("after reopening: %d %s", code, errs)
	}
}

// R34, R37 over SSH: `people add` assigns a package while inviting,
// bought by a contact added in the same command.
func TestInviteWithPackageOverSSH(t *testing.T) {
	t.Parallel()
	ts := startServer(t)
	out, errs, code := ts.run(t, ts.keys["adam"], "people add kim --name Kim --email kim@example.com --as client --primary mira "+
		"--contact handle=dan,email=dan@example.com,perm=billing,name=Dan --package 2 --bought-by dan --invite --json")
	if code != 0 {
		t.Fatalf("people add: %d %s", code, errs)
	}
	var v struct {
		Handle  string
		Package struct {
			Client   string
			Name     string
			BoughtBy string `json:"bought_by"`
		}
	}
	if err := json.Unmarshal([]byte(out), &v); err != nil {
		t.Fatal(err)
	}
	if v.Handle != "kim" || v.Package.Client != "kim" || v.Package.Name != "Family 6" || v.Package.BoughtBy != "dan" {
		t.Fatalf("invited: %s", out)
	}
	if _, errs, code := ts.run(t, ts.keys["adam"], "people add lou --name Lou --email lou@example.com --as client --primary mira --package 2 --bought-by eve"); code != refused || !strings.Contains(errs, "not one of the contacts added") {
		t.Fatalf("a buyer not in the step: %d %s", code, errs)
	}
}
