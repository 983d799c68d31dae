package sshserver_test

import (
	"encoding/json"
	"strings"
	"testing"

	gossh "golang.org/x/crypto/ssh"

	"behalf/domain"
)

type groupOut struct {
	Handle   string   `json:"handle"`
	Name     string   `json:"name"`
	Coaches  []string `json:"coaches"`
	Members  []string `json:"members"`
	Sessions []struct {
		ID     string `json:"id"`
		Status string `json:"status"`
	} `json:"sessions"`
}

type postOut struct {
	ID         string `json:"id"`
	Author     string `json:"author"`
	AuthorName string `json:"author_name"`
	AuthorRole string `json:"author_role"`
	For        string `json:"for"`
	Body       string `json:"body"`
}

// must runs cmd on c and wants exit 0.
func must(t *testing.T, c *gossh.Client, cmd string) string {
	t.Helper()
	out, errs, code := runOn(t, c, cmd)
	if code != 0 {
		t.Fatalf("%s: exit %d: %s", cmd, code, errs)
	}
	return out
}

// R15, R16, R22: who creates a group, with whom; the three group
// permissions guard what they name — over real SSH.
func TestGroupsMembershipRules(t *testing.T) {
	t.Parallel()
	ts := startServer(t)
	olivia := domain.Who{Person: ts.ids["olivia"], Workspace: "team"}
	mira, rob, john, adam := ts.client(t, ts.keys["mira"]), ts.client(t, ts.keys["rob"]), ts.client(t, ts.keys["john"]), ts.client(t, ts.keys["adam"])

	// A team coach creates a group they coach, with clients they coach.
	var g groupOut
	cmd := "groups add teens --name 'Teen study group' --member alex --member casey --ws team --json"
	runJSON(t, must(t, mira, cmd), "", 0, cmd, &g)
	if strings.Join(g.Coaches, ",") != "mira" || strings.Join(g.Members, ",") != "alex,casey" {
		t.Fatalf("created %+v", g)
	}
	for cmd, want := range map[string]struct {
		code int
		says string
	}{
		"groups add teens --name Again --ws team":                            {1, "already has the handle"}, // a group handle taken
		"groups add execs --name Execs --member rob --ws team":               {1, "not a client"},
		"groups add execs --name Execs --coach adam --ws team":               {1, "not a team coach"},
		"groups add execs --name Execs --member casey --ws team":             {77, "clients you coach"},    // rob is view-only for casey (R14)
		"groups add execs --name Execs --member alex --ws team":              {1, "no one has the handle"}, // rob has no access to alex: out of sight
		"groups add execs --name Execs --coach mira --member jane --ws team": {77, "manage_group_members"}, // another coach (R15)
		"groups add 'Bad Handle' --name Execs --ws team":                     {1, "not valid"},
		"groups edit teens --name Renamed --ws team":                         {1, "no group has the handle"}, // not his group: out of sight
	} {
		out, errs, code := runOn(t, rob, cmd)
		wantRefusal(t, cmd, out, errs, code, want.code, want.says)
	}
	// john coaches nobody: a group of his own with jane, for whom he is view-only, is refused.
	out, errs, code := runOn(t, john, "groups add solo --name Solo --member jane --ws team")
	wantRefusal(t, "john", out, errs, code, 77, "clients you coach")
	// With manage_group_members rob adds mira to his own group (R15).
	if _, err := ts.svc.ChangePerms(olivia, "rob", true, []string{"manage_group_members"}); err != nil {
		t.Fatal(err)
	}
	must(t, rob, "groups add execs --name Execs --coach rob --coach mira --member jane --ws team")

	// manage_groups sets up any group and anyone's membership, but does not
	// read its discussion; view_all_groups does, and does not post (R16).
	if _, err := ts.svc.ChangePerms(olivia, "adam", true, []string{"manage_groups"}); err != nil {
		t.Fatal(err)
	}
	must(t, adam, "groups edit teens --add-coach rob --add-member jane --ws team")
	must(t, mira, "groups post teens --body 'Welcome, everyone.' --ws team")
	out, errs, code = runOn(t, adam, "groups posts teens --ws team")
	wantRefusal(t, "manage_groups reads posts", out, errs, code, 77, "view_all_groups")
	var shown groupOut
	cmd = "groups show teens --ws team --json"
	runJSON(t, must(t, adam, cmd), "", 0, cmd, &shown)
	if len(shown.Members) != 3 || shown.Sessions != nil {
		t.Errorf("manage_groups sees who is in it, no happenings: %+v", shown)
	}
	if _, err := ts.svc.ChangePerms(olivia, "adam", true, []string{"view_all_groups"}); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(must(t, adam, "groups posts teens --ws team"), "Welcome, everyone.") {
		t.Error("view_all_groups does not read the discussion")
	}
	out, errs, code = runOn(t, adam, "groups post teens --body hi --ws team")
	wantRefusal(t, "view_all_groups posts", out, errs, code, 77, "only the group's coaches and members post")

	// A group's coach who is not paired with a member sees the group, not the file.
	if !strings.Contains(must(t, rob, "groups show teens --ws team"), "Alex Johnson (member)") {
		t.Error("rob does not see alex in the group he coaches")
	}
	for _, c := range []string{"actions list --client alex", "people show alex", "sessions list --client alex"} {
		out, errs, code := runOn(t, rob, c+" --ws team")
		wantRefusal(t, c, out, errs, code, 1, "no one has the handle")
	}
	// A coach of a group cannot leave the team's pool while coaching it (R10, R22).
	out, errs, code = runOn(t, ts.client(t, ts.keys["olivia"]), "people deactivate mira --ws team")
	wantRefusal(t, "deactivate a group coach", out, errs, code, 1, "primary coach") // she is a primary coach too
	owner := ts.client(t, ts.keys["olivia"])
	must(t, owner, "groups edit teens --add-coach john --ws team") // john is primary of nobody
	for _, c := range []string{"people deactivate john", "perms role staff --person john", "people delete john --confirm john"} {
		out, errs, code := runOn(t, owner, c+" --ws team")
		wantRefusal(t, c, out, errs, code, 1, "they coach 1 group (teens)")
	}
	// The last coach stays; editing asks for something to change.
	out, errs, code = runOn(t, rob, "groups edit execs --remove-coach rob --remove-coach mira --ws team")
	wantRefusal(t, "remove every coach", out, errs, code, 1, "at least one coach")
}

// R22, R23, R31: the discussion — members see coaches and fellow members
// by name, never each other's files; contacts never read it; a member
// who leaves keeps what they posted, attributed.
func TestGroupDiscussion(t *testing.T) {
	t.Parallel()
	ts := startServer(t)
	mira, jane, alex, eve, asa := ts.client(t, ts.keys["mira"]), ts.client(t, ts.keys["jane"]), ts.client(t, ts.keys["alex"]), ts.client(t, ts.keys["eve"]), ts.client(t, ts.keys["asa"])
	must(t, mira, "groups add circle --name 'Leaders circle' --member jane --member alex --ws team")
	must(t, ts.client(t, ts.keys["olivia"]), "groups edit circle --add-coach rob --ws team") // the owner holds manage_groups
	must(t, jane, "groups post circle --body 'Hello from Jane.'")
	must(t, alex, "groups post circle --body 'Hi, I am Alex.'")
	must(t, asa, "groups post circle --body 'Rob will be five minutes late.' --ws assistant:rob")

	var posts []postOut
	cmd := "groups posts circle --json"
	runJSON(t, must(t, jane, cmd), "", 0, cmd, &posts)
	if len(posts) != 3 || posts[0].Author != "asa" || posts[0].For != "rob" || posts[1].AuthorName != "Alex Johnson" || posts[1].AuthorRole != "member" {
		t.Fatalf("jane reads %+v", posts)
	}
	text := must(t, jane, "groups show circle")
	for _, w := range []string{"Mira Moss (coach)", "Rob Reyes (coach)", "Alex Johnson (member)"} {
		if !strings.Contains(text, w) {
			t.Errorf("jane does not see %q:\n%s", w, text)
		}
	}
	if !strings.Contains(must(t, jane, "groups posts circle"), "Asa Ahmed (assistant) for Rob Reyes (coach)") {
		t.Error("an assistant's post does not name the practitioner")
	}
	// Fellow members' files stay closed.
	for _, c := range []string{"actions list --client alex", "metrics list --client alex", "sessions list --client alex"} {
		out, errs, code := runOn(t, jane, c)
		if code != 1 || out != "" || strings.Contains(errs, "Alex") {
			t.Errorf("jane: %s: exit %d %q", c, code, errs)
		}
	}
	// Contacts never read the discussion (R31).
	for _, c := range []string{"groups posts circle", "groups show circle", "groups post circle --body hi", "groups list"} {
		out, errs, code := runOn(t, eve, c+" --ws contact:jane")
		wantRefusal(t, c, out, errs, code, 77, "never shown to contacts")
	}
	// The group's members are told of a post by their settings.
	if !strings.Contains(must(t, jane, "inbox list"), "Alex Johnson (member) posted in Leaders circle.") {
		t.Error("jane is not told of alex's post")
	}
	// Alex leaves: what he posted stays, under his name; he no longer reads it.
	must(t, mira, "groups edit circle --remove-member alex --ws team")
	runJSON(t, must(t, jane, cmd), "", 0, cmd, &posts)
	if len(posts) != 3 || posts[1].AuthorName != "Alex Johnson" {
		t.Fatalf("after alex left: %+v", posts)
	}
	out, errs, code := runOn(t, alex, "groups posts circle")
	wantRefusal(t, "alex after leaving", out, errs, code, 1, "no group has the handle")
	// Bad input.
	out, errs, code = runOn(t, jane, "groups post circle --body '  '")
	wantRefusal(t, "empty post", out, errs, code, 1, "the post is required")
}

// R22, R50: a group session — one coach, every member; overlap holds for
// each; contacts with schedule see it and withdraw their client; the team
// cancels it for all; it never moves.
func TestGroupSessions(t *testing.T) {
	t.Parallel()
	ts := startServer(t)
	mira, jane, eve, alex, olivia := ts.client(t, ts.keys["mira"]), ts.client(t, ts.keys["jane"]), ts.client(t, ts.keys["eve"]), ts.client(t, ts.keys["alex"]), ts.client(t, ts.keys["olivia"])
	must(t, mira, "groups add circle --name Circle --member jane --member alex --member casey --ws team")

	// jane already has a session then: the group session is refused, naming her.
	must(t, jane, "sessions book --coach rob --start '2026-12-07 10:30' --minutes 45")
	out, errs, code := runOn(t, mira, "sessions book --group circle --start '2026-12-07 10:00' --minutes 60 --ws team")
	wantRefusal(t, "member busy", out, errs, code, 1, "jane already has a session")

	var places []struct {
		ID     string `json:"id"`
		Client string `json:"client"`
		Group  string `json:"group"`
		Coach  string `json:"coach"`
	}
	cmd := "sessions book --group circle --start '2026-12-03 10:00' --minutes 60 --ws team --json"
	runJSON(t, must(t, mira, cmd), "", 0, cmd, &places)
	if len(places) != 3 || places[0].Group != "circle" || places[0].Coach != "mira" {
		t.Fatalf("booked %+v", places)
	}
	byClient := map[string]string{}
	for _, p := range places {
		byClient[p.Client] = p.ID
	}
	// The coach is busy then, once: another session with her is refused.
	out, errs, code = runOn(t, ts.client(t, ts.keys["adam"]), "sessions book --client alex --coach mira --start '2026-12-03 10:30' --minutes 30 --ws team")
	wantRefusal(t, "coach busy", out, errs, code, 1, "mira already has a session")
	// The team's lists show it once; each member's schedule shows theirs.
	list := must(t, mira, "sessions list --from 2026-12-03 --to 2026-12-03 --ws team")
	if strings.Count(list, "group circle") != 1 {
		t.Errorf("mira's list:\n%s", list)
	}
	for who, c := range map[string]*gossh.Client{"jane": jane, "eve": eve} {
		if s := must(t, c, "sessions list --from 2026-12-03 --to 2026-12-03"); !strings.Contains(s, byClient["jane"]) || !strings.Contains(s, "mira") {
			t.Errorf("%s does not see jane's group session:\n%s", who, s)
		}
	}
	// A member does not cancel it for everyone, nor move it.
	out, errs, code = runOn(t, jane, "sessions cancel "+byClient["jane"])
	wantRefusal(t, "member cancels", out, errs, code, 77, "withdraw")
	out, errs, code = runOn(t, mira, "sessions reschedule "+byClient["jane"]+" --start '2026-12-04 10:00' --ws team")
	wantRefusal(t, "reschedule", out, errs, code, 1, "cancel it and book it again")
	// eve (contact of jane with schedule) takes jane out; the others keep theirs.
	out = must(t, eve, "sessions withdraw "+byClient["jane"])
	if !strings.Contains(out, "jane will not come to the group session of Circle") {
		t.Errorf("withdraw says %q", out)
	}
	out, errs, code = runOn(t, eve, "sessions withdraw "+byClient["alex"])
	if code != 1 || out != "" || strings.Contains(errs, "Alex") {
		t.Errorf("eve and alex's place: exit %d %q", code, errs) // another client's: out of sight
	}
	var g groupOut
	cmd = "groups show circle --ws team --json"
	runJSON(t, must(t, mira, cmd), "", 0, cmd, &g)
	if len(g.Sessions) != 1 || g.Sessions[0].Status != "scheduled" {
		t.Errorf("the group's sessions: %+v", g.Sessions)
	}
	if s := must(t, mira, "groups show circle --ws team"); !strings.Contains(s, "2 members (1 withdrew)") {
		t.Errorf("group show:\n%s", s)
	}
	// The team takes alex out by handle, from any place of the session.
	must(t, mira, "sessions withdraw "+byClient["casey"]+" --client alex --ws team")
	// The team cancels it for everyone.
	must(t, mira, "sessions cancel "+byClient["casey"]+" --ws team")
	for who, c := range map[string]*gossh.Client{"alex": alex, "jane": jane} {
		var ss []struct {
			Status string `json:"status"`
		}
		cmd := "sessions list --from 2026-12-03 --to 2026-12-03 --json"
		out := must(t, c, cmd)
		if json.Unmarshal([]byte(out), &ss) != nil || len(ss) != 1 || ss[0].Status != "cancelled" {
			t.Errorf("%s after the cancel: %s", who, out)
		}
	}
	// Bad input: a coach who does not coach the group; no group.
	out, errs, code = runOn(t, olivia, "sessions book --group circle --coach rob --start '2026-12-05 10:00' --minutes 60 --ws team")
	wantRefusal(t, "not its coach", out, errs, code, 1, "does not coach the group")
	out, errs, code = runOn(t, mira, "sessions book --group nosuch --start '2026-12-05 10:00' --minutes 60 --ws team")
	wantRefusal(t, "no group", out, errs, code, 1, "no group has the handle")
	out, errs, code = runOn(t, mira, "sessions book --group circle --client jane --start '2026-12-05 10:00' --minutes 60 --ws team")
	wantRefusal(t, "group and client", out, errs, code, 2, "leave out --client")
	// Deleting the group cancels what is ahead; deleting a member client takes them out.
	must(t, mira, "sessions book --group circle --start '2026-12-10 10:00' --minutes 60 --ws team")
	must(t, olivia, "people delete casey --confirm casey --ws team")
	must(t, olivia, "groups delete circle --confirm circle --ws team")
	var ss []struct {
		Status string `json:"status"`
	}
	runJSON(t, must(t, jane, "sessions list --from 2026-12-10 --to 2026-12-10 --json"), "", 0, "jane's list", &ss)
	if len(ss) != 1 || ss[0].Status != "cancelled" {
		t.Errorf("after the group was deleted: %+v", ss)
	}
}
