package sshserver_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"testing"

	gossh "golang.org/x/crypto/ssh"
)

// runStdin runs one command line over SSH with text on its standard input.
func runStdin(t *testing.T, c *gossh.Client, cmd, stdin string) (stdout, stderr string, code int) {
	t.Helper()
	sess, err := c.NewSession()
	if err != nil {
		t.Fatalf("new session: %v", err)
	}
	defer sess.Close()
	var out, errb bytes.Buffer
	sess.Stdout, sess.Stderr, sess.Stdin = &out, &errb, strings.NewReader(stdin)
	err = sess.Run(cmd)
	var exit *gossh.ExitError
	switch {
	case err == nil:
	case errors.As(err, &exit):
		code = exit.ExitStatus()
	default:
		t.Fatalf("run %q: %v", cmd, err)
	}
	return out.String(), errb.String(), code
}

// paperSSH is the slice of a worksheet's or form's JSON these tests read.
type paperSSH struct {
	ID              string `json:"id"`
	Status          string `json:"status"`
	SentBy          string `json:"sent_by"`
	SentByName      string `json:"sent_by_name"`
	For             string `json:"for"`
	TemplateVersion int    `json:"template_version"`
	Questions       []struct {
		N    int    `json:"n"`
		Text string `json:"text"`
	} `json:"questions"`
	Answers []struct {
		N     int    `json:"n"`
		Value string `json:"value"`
		By    string `json:"by"`
		For   string `json:"for"`
	} `json:"answers"`
	Signatures []struct {
		N         int    `json:"n"`
		By        string `json:"by"`
		For       string `json:"for"`
		Capacity  string `json:"capacity"`
		Signature string `json:"signature"`
	} `json:"signatures"`
}

type sshDo func(who, cmd string, stdin ...string) (string, string, int)

func templatesServer(t *testing.T) (*testServer, sshDo) {
	ts := startServer(t)
	clients := map[string]*gossh.Client{}
	return ts, func(who, cmd string, stdin ...string) (string, string, int) {
		t.Helper()
		c, ok := clients[who]
		if !ok {
			c = ts.client(t, ts.keys[who])
			clients[who] = c
		}
		return runStdin(t, c, cmd, strings.Join(stdin, ""))
	}
}

// must runs a command that must succeed and returns its stdout.
func (do sshDo) must(t *testing.T, who, cmd string, stdin ...string) string {
	t.Helper()
	out, errs, code := do(who, cmd, stdin...)
	if code != 0 {
		t.Fatalf("%s: %s: exit %d: %s", who, cmd, code, errs)
	}
	return out
}

// refused runs a command that must fail with exit code want and one line.
func (do sshDo) refused(t *testing.T, want int, who, cmd string, stdin ...string) string {
	t.Helper()
	_, errs, code := do(who, cmd, stdin...)
	if code != want || strings.Count(strings.TrimSpace(errs), "\n") != 0 {
		t.Fatalf("%s: %s: exit %d, want %d with one line: %q", who, cmd, code, want, errs)
	}
	return errs
}

func idFrom(t *testing.T, out string) string {
	t.Helper()
	var v struct {
		ID string `json:"id"`
	}
	if err := json.Unmarshal([]byte(out), &v); err != nil || v.ID == "" {
		t.Fatalf("no id in %q: %v", out, err)
	}
	return v.ID
}

func paperFrom(t *testing.T, out string) paperSSH {
	t.Helper()
	var p paperSSH
	if err := json.Unmarshal([]byte(out), &p); err != nil {
		t.Fatalf("%q: %v", out, err)
	}
	return p
}

const consentSSH = `# Consent
text*: Child's full name
scale: How ready do you feel?
signature*: I consent to my child's coaching.
witness: Witnessed by
`

// R30, R31, R44, R46: pat, given `forms` on alex's link, fills and signs
// alex's consent over SSH, every name right on every line; he cannot open
// any worksheet; the signed form refuses changes; the witness signs as
// themself; the print carries every signature line.
func TestContactSignsChildsConsentOverSSH(t *testing.T) {
	t.Parallel()
	_, do := templatesServer(t)
	tid := idFrom(t, do.must(t, "mira", "templates add --kind form --name 'Child consent' --json --ws team", consentSSH))
	fid := idFrom(t, do.must(t, "mira", "forms send --client alex --template "+tid+" --message 'Before the first session, please.' --json --ws team"))
	wt := idFrom(t, do.must(t, "mira", "templates add --kind worksheet --name Reading --json --ws team", "long*: What did you read?\n"))
	wid := idFrom(t, do.must(t, "mira", "worksheets assign --client alex --template "+wt+" --json --ws team"))

	do.refused(t, 77, "pat", "forms show "+fid+" --ws contact:alex") // no forms on the link yet
	do.must(t, "adam", "contacts set --client alex --contact pat --perm schedule,packages,payments,progress,forms --ws team")
	for _, cmd := range []string{"worksheets list", "worksheets show " + wid, "worksheets answer " + wid + " --question 1 --value x", "worksheets submit " + wid} {
		do.refused(t, 77, "pat", cmd+" --ws contact:alex") // R31: never worksheets
	}
	if out := do.must(t, "pat", "forms list --ws contact:alex"); !strings.Contains(out, "Child consent") || !strings.Contains(out, "Mira Moss (coach)") {
		t.Fatalf("pat's forms:\n%s", out)
	}
	do.must(t, "pat", "forms answer "+fid+" --question 2 --value 'Alex Johnson' --ws contact:alex")
	do.must(t, "pat", "forms answer "+fid+" --question 3 --value 7 --ws contact:alex")
	if errs := do.refused(t, 1, "pat", "forms sign "+fid+" --question 4 --ws contact:alex"); !strings.Contains(errs, "adopt a signature first") {
		t.Fatalf("signing without a signature: %s", errs)
	}
	do.must(t, "pat", "account set --signature 'Pat Johnson' --ws contact:alex")
	p := paperFrom(t, do.must(t, "pat", "forms sign "+fid+" --question 4 --json --ws contact:alex"))
	if len(p.Signatures) != 1 || p.Signatures[0].By != "pat" || p.Signatures[0].For != "alex" || p.Signatures[0].Capacity != "contact" || p.Signatures[0].Signature != "Pat Johnson" {
		t.Fatalf("signature: %+v", p.Signatures)
	}
	if p.Answers[0].By != "pat" || p.Answers[0].For != "alex" {
		t.Fatalf("answers: %+v", p.Answers)
	}
	// Signed: frozen.
	if errs := do.refused(t, 1, "pat", "forms answer "+fid+" --question 2 --value Alexander --ws contact:alex"); !strings.Contains(errs, "signed") {
		t.Fatalf("a signed form changed: %s", errs)
	}
	do.refused(t, 1, "pat", "forms sign "+fid+" --question 4 --ws contact:alex")
	do.must(t, "pat", "forms submit "+fid+" --ws contact:alex")
	do.must(t, "asa", "account set --signature 'A. Ahmed'")
	do.must(t, "asa", "forms sign "+fid+" --question 5 --ws assistant:olivia")
	print := do.must(t, "mira", "forms print "+fid+" --ws team")
	for _, want := range []string{
		"Signed: Pat Johnson — Pat Johnson (contact) for Alex Johnson, as contact",
		"Signed: A. Ahmed — Asa Ahmed (assistant) for Olivia Owens (coach), as assistant",
		"answered by Pat Johnson (contact) for Alex Johnson",
		"Submitted ", "by Pat Johnson (contact)",
	} {
		if !strings.Contains(print, want) {
			t.Errorf("the print lacks %q:\n%s", want, print)
		}
	}
}

// R44: a form an assistant sends shows the assistant's own name, for the
// practitioner, to the client.
func TestAssistantsFormShowsTheirName(t *testing.T) {
	t.Parallel()
	_, do := templatesServer(t)
	tid := idFrom(t, do.must(t, "asa", "templates add --kind form --name Intake --json --ws assistant:rob", "text: Your goals\n"))
	fid := idFrom(t, do.must(t, "asa", "forms send --client jane --template "+tid+" --message 'Rob asked me to send this.' --json --ws assistant:rob"))
	p := paperFrom(t, do.must(t, "jane", "forms show "+fid+" --json"))
	if p.SentBy != "asa" || p.SentByName != "Asa Ahmed" || p.For != "rob" {
		t.Fatalf("jane reads the form as sent by %q %q for %q", p.SentBy, p.SentByName, p.For)
	}
	if out := do.must(t, "jane", "forms show "+fid); !strings.Contains(out, "by Asa Ahmed (assistant) for Rob Reyes (coach)") || !strings.Contains(out, "Rob asked me to send this.") {
		t.Fatalf("jane's form:\n%s", out)
	}
	// The template is rob's, made by asa (R41).
	if out := do.must(t, "rob", "templates show "+tid+" --json --ws team"); !strings.Contains(out, `"owner":"rob"`) || !strings.Contains(out, `"made_by":"asa"`) {
		t.Fatalf("the template: %s", out)
	}
}

// R21: manage_templates shares and unshares, a coach without it cannot;
// reassign_ownership moves a template and the former owner no longer
// edits it; editing a template does not change a form already sent.
func TestTemplateSharingOverSSH(t *testing.T) {
	t.Parallel()
	_, do := templatesServer(t)
	tid := idFrom(t, do.must(t, "rob", "templates add --kind form --name Intake --json --ws team", "text*: Your goals\nchoice: Best time? | morning | evening\n"))
	if errs := do.refused(t, 77, "rob", "templates share "+tid+" --ws team"); !strings.Contains(errs, "manage_templates") {
		t.Fatalf("rob shares without manage_templates: %s", errs)
	}
	do.refused(t, 1, "mira", "templates show "+tid+" --ws team") // not shared: not hers to see
	do.must(t, "olivia", "perms grant manage_templates --person rob --ws team")
	do.must(t, "rob", "templates share "+tid+" --ws team")
	if out := do.must(t, "mira", "templates list --team --ws team"); !strings.Contains(out, "Intake") {
		t.Fatalf("mira's team templates:\n%s", out)
	}
	fid := idFrom(t, do.must(t, "mira", "forms send --client alex --template "+tid+" --json --ws team")) // a team template is hers to use
	do.refused(t, 77, "mira", "templates edit "+tid+" --name Mine --ws team")
	do.must(t, "rob", "templates share "+tid+" --off --ws team")
	do.refused(t, 1, "mira", "forms send --client alex --template "+tid+" --ws team")
	// Editing changes what is sent later, not what was sent (R21).
	do.must(t, "rob", "templates edit "+tid+" --ws team", "text: Only this now\n")
	p := paperFrom(t, do.must(t, "mira", "forms show "+fid+" --json --ws team"))
	if p.TemplateVersion != 1 || len(p.Questions) != 2 || p.Questions[0].Text != "Your goals" {
		t.Fatalf("the sent form changed: %+v", p)
	}
	// reassign_ownership: rob lacks it; olivia passes the template to mira.
	do.refused(t, 77, "rob", "templates reassign "+tid+" --to mira --ws team")
	do.must(t, "olivia", "templates reassign "+tid+" --to mira --ws team")
	do.refused(t, 1, "rob", "templates edit "+tid+" --name Back --ws team", "")
	do.must(t, "mira", "templates edit "+tid+" --name 'Mira intake' --ws team", "")
	if out := do.must(t, "olivia", "audit list --ws team"); !strings.Contains(out, "template "+tid) {
		t.Fatalf("the audit does not name the template:\n%s", out)
	}
}

// Bad input gets one clear line and changes nothing.
func TestTemplatesBadInputOverSSH(t *testing.T) {
	t.Parallel()
	_, do := templatesServer(t)
	tid := idFrom(t, do.must(t, "mira", "templates add --kind form --name Intake --json --ws team", "text: Name\nscale: Energy\n"))
	before := do.must(t, "mira", "templates show "+tid+" --json --ws team")
	count := strings.Count(do.must(t, "mira", "templates list --json --ws team"), `"id"`)
	for _, c := range []struct{ stdin, want string }{
		{"mood: How?\n", `"mood" is not a question type`},
		{"choice: Pick one\n", "needs at least two options"},
		{strings.Repeat("text: Q\n", 201), "at most 200"},
		{"text: " + strings.Repeat("x", 201) + "\n", "too long"},
	} {
		if errs := do.refused(t, 1, "mira", "templates edit "+tid+" --ws team", c.stdin); !strings.Contains(errs, c.want) {
			t.Errorf("%q: %s", c.stdin[:10], errs)
		}
		if errs := do.refused(t, 1, "mira", "templates add --kind worksheet --name X --ws team", c.stdin); !strings.Contains(errs, c.want) {
			t.Errorf("add %q: %s", c.stdin[:10], errs)
		}
	}
	if after := do.must(t, "mira", "templates show "+tid+" --json --ws team"); after != before {
		t.Fatalf("a refused edit changed the template:\n%s\n%s", before, after)
	}
	if out := do.must(t, "mira", "templates list --json --ws team"); strings.Count(out, `"id"`) != count {
		t.Fatalf("refused adds made templates: %s", out)
	}
	fid := idFrom(t, do.must(t, "mira", "forms send --client alex --template "+tid+" --json --ws team"))
	for _, c := range []struct{ args, want string }{
		{"--question 9 --value x", "has no question 9"},
		{"--question 2 --value 11", "not on the scale"},
		{"--question 2 --value 0", "not on the scale"},
	} {
		if errs := do.refused(t, 1, "alex", fmt.Sprintf("forms answer %s %s", fid, c.args)); !strings.Contains(errs, c.want) {
			t.Errorf("%s: %s", c.args, errs)
		}
	}
	if p := paperFrom(t, do.must(t, "alex", "forms show "+fid+" --json")); len(p.Answers) != 0 || p.Status != "sent" {
		t.Fatalf("refused answers changed the form: %+v", p)
	}
}
