package sshserver_test

import (
	"strings"
	"testing"
)

type metricOut struct {
	ID     string  `json:"id"`
	Client string  `json:"client"`
	Name   string  `json:"name"`
	Unit   string  `json:"unit"`
	Target *string `json:"target"`
	Points []struct {
		On    string `json:"on"`
		Value string `json:"value"`
	} `json:"points"`
}

// R13, R14, R23, R31: who sets up metrics, records and reads their values;
// values stay exact decimals end to end — over real SSH.
func TestMetricsRules(t *testing.T) {
	t.Parallel()
	ts := startServer(t)
	rob, john, jane, eve := ts.client(t, ts.keys["rob"]), ts.client(t, ts.keys["john"]), ts.client(t, ts.keys["jane"]), ts.client(t, ts.keys["eve"])

	var m metricOut
	cmd := "metrics define --client jane --name Waist --unit cm --target 70.5 --ws team --json"
	out, errs, code := runOn(t, rob, cmd)
	runJSON(t, out, errs, code, cmd, &m)
	if m.Target == nil || *m.Target != "70.5" || m.Unit != "cm" || len(m.Points) != 0 {
		t.Fatalf("defined %+v", m)
	}
	out, errs, code = runOn(t, rob, "metrics define --client jane --name waist --unit in --ws team")
	wantRefusal(t, "same name", out, errs, code, 1, "already tracks")

	// The client records her values; the coach records too (R13).
	for _, c := range []struct {
		who  string
		args string
	}{{"jane", "--value 72.5 --on 2026-11-09"}, {"jane", "--value 0.1 --on 2026-11-16"}, {"rob", "--value 71.99 --on 2026-11-23 --ws team"}} {
		if _, errs, code := runOn(t, ts.client(t, ts.keys[c.who]), "metrics record "+m.ID+" "+c.args); code != 0 {
			t.Fatalf("%s records %s: exit %d %s", c.who, c.args, code, errs)
		}
	}
	// A second value for a day replaces the first; the same value again is refused.
	if _, errs, code := runOn(t, jane, "metrics record "+m.ID+" --value 72.40 --on 2026-11-09"); code != 0 {
		t.Fatalf("replace: exit %d %s", code, errs)
	}
	out, errs, code = runOn(t, jane, "metrics record "+m.ID+" --value 72.4 --on 2026-11-09")
	wantRefusal(t, "same value", out, errs, code, 1, "Waist is already 72.4 cm on 2026-11-09")

	var shown metricOut
	cmd = "metrics show " + m.ID + " --json"
	out, errs, code = runOn(t, jane, cmd)
	runJSON(t, out, errs, code, cmd, &shown)
	var got []string
	for _, p := range shown.Points {
		got = append(got, p.On+"="+p.Value)
	}
	if strings.Join(got, " ") != "2026-11-09=72.4 2026-11-16=0.1 2026-11-23=71.99" {
		t.Fatalf("values %v; want the typed decimals exactly, oldest first", got)
	}
	cmd = "metrics show " + m.ID + " --from 2026-11-10 --to 2026-11-20 --json"
	out, errs, code = runOn(t, jane, cmd)
	runJSON(t, out, errs, code, cmd, &shown)
	if len(shown.Points) != 1 || shown.Points[0].Value != "0.1" {
		t.Fatalf("a window of days: %+v", shown.Points)
	}
	var list []metricOut
	cmd = "metrics list --client jane --ws team --json"
	out, errs, code = runOn(t, john, cmd) // view-only reads (R14)
	runJSON(t, out, errs, code, cmd, &list)
	if len(list) != 2 || list[0].ID != m.ID || len(list[0].Points) != 1 || list[0].Points[0].Value != "71.99" {
		t.Fatalf("list with the latest value, newest first (the demo's Weight after): %+v", list)
	}
	out, errs, code = runOn(t, john, "metrics record "+m.ID+" --value 1 --ws team")
	wantRefusal(t, "view-only record", out, errs, code, 77, "view-only")
	out, errs, code = runOn(t, john, "metrics define --client jane --name Sleep --unit h --ws team")
	wantRefusal(t, "view-only define", out, errs, code, 77, "view-only")
	// A contact never sees metrics (R31).
	for _, c := range []string{"metrics list", "metrics show " + m.ID, "metrics record " + m.ID + " --value 1"} {
		out, errs, code := runOn(t, eve, c+" --ws contact:jane")
		wantRefusal(t, c, out, errs, code, 77, "never shown to contacts")
	}
	// Another client, and a coach with no access: as if it did not exist.
	alex := ts.client(t, ts.keys["alex"])
	_, errOut, code := runOn(t, alex, "metrics show "+m.ID)
	_, errMissing, _ := runOn(t, alex, "metrics show 987654")
	if code != 1 || strings.Replace(errOut, m.ID, "N", 1) != strings.Replace(errMissing, "987654", "N", 1) || strings.Contains(errOut, "Jane") {
		t.Errorf("out of sight: exit %d %q, missing %q", code, errOut, errMissing)
	}
	if inbox, _, _ := runOn(t, rob, "inbox list --ws team"); !strings.Contains(inbox, "Jane Smith (client) recorded Waist: 0.1 cm on 2026-11-16.") {
		t.Errorf("rob (jane's primary) is not told of her values:\n%s", inbox)
	}
}

// Bad values and days: one clear line, exit 1, nothing recorded.
func TestMetricsBadInput(t *testing.T) {
	t.Parallel()
	ts := startServer(t)
	rob, jane := ts.client(t, ts.keys["rob"]), ts.client(t, ts.keys["jane"])
	var m metricOut
	cmd := "metrics define --client jane --name Sleep --unit hours --ws team --json"
	out, errs, code := runOn(t, rob, cmd)
	runJSON(t, out, errs, code, cmd, &m)
	for c, want := range map[string]string{
		"metrics record " + m.ID + " --value lots":                    "not a number",
		"metrics record " + m.ID + " --value 1e3":                     "not a number",
		"metrics record " + m.ID + " --value 7,5":                     "not a number",
		"metrics record " + m.ID + " --value 10000000000":             "too large",
		"metrics record " + m.ID + " --value 7.1234567":               "6 decimals",
		"metrics record " + m.ID + " --value 7 --on 2026-12-25":       "has not come yet",
		"metrics record " + m.ID + " --value 7 --on 2001-01-01":       "years ago",
		"metrics record " + m.ID + " --value ' '":                     "required",
		"metrics show " + m.ID + " --from 2026-11-20 --to 2026-11-01": "before",
		"metrics record 987654 --value 1":                             "no metric",
	} {
		out, errs, code := runOn(t, jane, c)
		wantRefusal(t, c, out, errs, code, 1, want)
	}
	for c, want := range map[string]string{
		"metrics define --client jane --name ' ' --unit h --ws team":                             "the name is required",
		"metrics define --client jane --name X --unit h --target big --ws team":                  "not a number",
		"metrics define --client rob --name X --unit h --ws team":                                "not a client",
		"metrics define --client jane --name X --unit " + strings.Repeat("u", 21) + " --ws team": "too long",
	} {
		out, errs, code := runOn(t, rob, c)
		wantRefusal(t, c, out, errs, code, 1, want)
	}
	var shown metricOut
	cmd = "metrics show " + m.ID + " --json"
	out, errs, code = runOn(t, jane, cmd)
	runJSON(t, out, errs, code, cmd, &shown)
	if len(shown.Points) != 0 {
		t.Errorf("something was recorded: %+v", shown.Points)
	}
}
