package sshserver_test

import (
	"crypto/ed25519"
	"crypto/rand"
	"fmt"
	"slices"
	"strings"
	"testing"

	gossh "golang.org/x/crypto/ssh"

	"behalf/cli"
	"behalf/domain"
	"behalf/sshkey"
)

// The access matrix (R30–R32): every demo contact × every workspace of the
// demo × every command, each with the exact expected outcome, over a real
// SSH connection. The rows are a table keyed by command; a command without
// a row fails the test, so nothing new reaches contacts unexamined.

// wsCase is one workspace a contact asks for with --ws.
type wsCase struct {
	n      int // position in the list, to keep writes of one workspace from colliding with another's
	id     string
	own    bool                // the contact really has this workspace
	perms  domain.ContactPerms // the link's permissions when own
	client string              // the client the command names
}

func (w wsCase) has(p domain.ContactPerm) bool { return w.own && w.perms.Has(p) }

// matrixFixture holds records made for each client before the rows run,
// so that reschedule, cancel, pay and approve have something real to act on.
type matrixFixture struct {
	resched, cancel, show map[string]domain.ID // sessions by client
	invoice, progress     map[string]domain.ID
	action, metric        map[string]domain.ID // by client
	groupSession          map[string]domain.ID // each client's place in one group session
	// purchases and subscriptions (R55) by client: an unpaid purchase, and
	// one subscription for each command that changes one
	purchase, subCancel, subPause, subResume, subRenew map[string]domain.ID
	keyLine                                            string   // a fresh key for key-add
	spare                                              []string // fingerprints of proved spare keys, one per workspace, for key-remove

	// templates, worksheets and forms, by client: a form template of
	// their coach, a worksheet and a form from the coach's templates
	template, worksheet, form map[string]domain.ID
}

type matrixRow struct {
	args func(f *matrixFixture, w wsCase) string
	want func(w wsCase) int
}

const (
	allowed = 0
	refused = 1
	denied  = 77
)

func always(code int) func(wsCase) int { return func(wsCase) int { return code } }

// inOwn: allowed in a workspace the contact has, denied elsewhere.
func inOwn(w wsCase) int {
	if w.own {
		return allowed
	}
	return denied
}

// unseen: a command naming someone the contact's workspace does not see
// answers as if no one had the handle (exit 1); a workspace that is not
// theirs is refused before anything is looked up.
func unseen(w wsCase) int {
	if w.own {
		return refused
	}
	return denied
}

// withPerm: allowed only where the contact's link carries p (R30).
func withPerm(p domain.ContactPerm) func(wsCase) int {
	return func(w wsCase) int {
		if w.has(p) {
			return allowed
		}
		return denied
	}
}

func fixed(s string) func(*matrixFixture, wsCase) string {
	return func(*matrixFixture, wsCase) string { return s }
}

func withClient(format string) func(*matrixFixture, wsCase) string {
	return func(_ *matrixFixture, w wsCase) string { return strings.ReplaceAll(format, "{client}", w.client) }
}

func idOf(m func(*matrixFixture) map[string]domain.ID, format string) func(*matrixFixture, wsCase) string {
	return func(f *matrixFixture, w wsCase) string {
		return strings.ReplaceAll(fmt.Sprintf(format, m(f)[w.client]), "{client}", w.client)
	}
}

var matrix = map[string]matrixRow{
	// Own account and inbox: everyone's, in any workspace they have (R46).
	"account show":       {fixed(""), inOwn},
	"account set":        {func(_ *matrixFixture, w wsCase) string { return fmt.Sprintf("--signature 'Signed %d'", w.n) }, inOwn},
	"account keys":       {fixed(""), inOwn},
	"account key-add":    {func(f *matrixFixture, _ wsCase) string { return "'" + f.keyLine + "'" }, inOwn},
	"account key-remove": {func(f *matrixFixture, w wsCase) string { return f.spare[w.n] }, inOwn},
	"account plan":       {fixed(""), always(denied)}, // R18
	"inbox list":         {fixed(""), inOwn},
	"inbox read":         {fixed("--all"), inOwn},
	"notifications show": {fixed(""), inOwn},
	"notifications set": {func(_ *matrixFixture, w wsCase) string {
		return "--channel email --off --event " + string(domain.Events[w.n%len(domain.Events)])
	}, inOwn},
	"audit list":    {fixed(""), inOwn},
	"whoami":        {fixed(""), always(allowed)},
	"workspaces":    {fixed(""), always(allowed)},
	"invite redeem": {fixed("AAAA-BBBB-CCCC"), always(refused)}, // no such code; not a permission matter

	// Two-factor sign-in (issue 19): one's own in any workspace one has;
	// taking someone else's off is the owner's alone (R18).
	"account 2fa":      {fixed("status"), inOwn},
	"people 2fa-reset": {withClient("{client}"), always(denied)},

	// Client terms (issue 19, R24): everyone reads and accepts for
	// themselves (here none are set, so there is nothing to accept);
	// setting them and reading who accepted is manage_branding's.
	"terms show":        {fixed(""), always(allowed)},
	"terms accept":      {fixed(""), always(refused)},
	"terms set":         {fixed("--reaccept"), always(denied)},
	"terms acceptances": {fixed(""), always(denied)},
	"branding show":     {fixed(""), inOwn},
	"branding set":      {fixed("--banner Welcome"), always(denied)},

	// The team's business: never a contact's (R30, R33).
	"assistants list":      {fixed(""), always(denied)},
	"assistants link":      {fixed("--assistant asa --practitioner mira"), unseen}, // no contact sees an assistant
	"assistants unlink":    {fixed("--assistant asa --practitioner rob"), unseen},
	"backup":               {fixed(""), always(denied)},
	"explain":              {fixed("--person rob --action sessions.book"), always(denied)},
	"comments list":        {withClient("--client {client}"), always(denied)},
	"comments add":         {withClient("--client {client} --body hello"), always(denied)},
	"contacts list":        {withClient("--client {client}"), always(denied)},
	"contacts link":        {withClient("--client {client} --contact sam --perm schedule"), always(denied)},
	"contacts set":         {withClient("--client {client} --contact eve --perm schedule,billing,packages"), always(denied)},
	"contacts unlink":      {withClient("--client {client} --contact pat"), always(denied)},
	"notifications outbox": {fixed(""), always(denied)},
	// Email and reminders (issue 19): the organisation's, never a contact's.
	"notifications reminders": {fixed("--hours 12"), always(denied)},
	"emails list":             {fixed(""), always(denied)},
	"emails show":             {fixed("invitation"), always(denied)},
	"emails set":              {fixed("invitation --subject Hi"), always(denied)},
	"emails reset":            {fixed("invitation"), always(denied)},
	"emails preview":          {fixed("invitation"), always(denied)},
	"pairing show":            {withClient("--client {client}"), always(denied)},
	"pairing set":             {withClient("--coach mira --client {client} --level coaching"), always(denied)},
	"people list":             {fixed(""), always(denied)},
	"people show":             {withClient("{client}"), always(denied)},
	"people add":              {fixed("kim --name Kim --email kim@example.com --as contact"), always(denied)},
	"people invite":           {withClient("{client}"), always(denied)},
	"people recover":          {withClient("{client}"), always(denied)},
	"people deactivate":       {withClient("{client}"), always(denied)},
	"people reactivate":       {withClient("{client}"), always(denied)},
	"people delete":           {withClient("{client} --confirm {client}"), always(denied)},
	"perms show":              {fixed(""), always(denied)},
	"perms grant":             {fixed("schedule_all --person mira"), always(denied)}, // mira coaches every demo client: seen
	"perms revoke":            {fixed("schedule_own --person mira"), always(denied)},
	"perms role":              {fixed("staff --person mira"), always(denied)},
	"tasks list":              {fixed(""), always(denied)},
	"tasks add":               {fixed("--title 'call the office'"), always(denied)},
	"tasks done":              {fixed("1"), always(denied)},
	"packages define":         {fixed("--name Trial --sessions 1 --price 50 --days 30"), always(denied)},
	"packages assign":         {withClient("--client {client} --package 1"), always(denied)},
	"packages reassign":       {withClient("1 --client {client}"), always(denied)},
	"invoices issue":          {withClient("--client {client} --item 'Extra=10.00'"), always(denied)},
	"invoices void":           {idOf(func(f *matrixFixture) map[string]domain.ID { return f.invoice }, "%d"), always(denied)},
	"sessions complete":       {idOf(func(f *matrixFixture) map[string]domain.ID { return f.show }, "%d"), always(denied)},
	"progress add":            {withClient("--client {client} --body 'doing well'"), always(denied)},
	"progress approve":        {idOf(func(f *matrixFixture) map[string]domain.ID { return f.progress }, "%d"), always(denied)}, // R53: the client's own choice

	// Private notes and coaching conversations: never, whatever the link (R31).
	"notes list":    {withClient("--client {client}"), always(denied)},
	"notes add":     {withClient("--client {client} --body 'a note'"), always(denied)},
	"messages list": {withClient("--client {client}"), always(denied)},
	"messages send": {withClient("--client {client} --body hello"), always(denied)},

	// Coaching work: actions, metrics, groups — never a contact's (R23, R31).
	"actions list":   {withClient("--client {client}"), always(denied)},
	"actions add":    {withClient("--client {client} --title 'walk daily'"), always(denied)},
	"actions done":   {idOf(func(f *matrixFixture) map[string]domain.ID { return f.action }, "%d"), always(denied)},
	"actions reopen": {idOf(func(f *matrixFixture) map[string]domain.ID { return f.action }, "%d"), always(denied)},
	"actions edit":   {idOf(func(f *matrixFixture) map[string]domain.ID { return f.action }, "%d --title 'walk twice'"), always(denied)},
	"metrics list":   {withClient("--client {client}"), always(denied)},
	"metrics define": {withClient("--client {client} --name Sleep --unit hours"), always(denied)},
	"metrics record": {idOf(func(f *matrixFixture) map[string]domain.ID { return f.metric }, "%d --value 7.5"), always(denied)},
	"metrics show":   {idOf(func(f *matrixFixture) map[string]domain.ID { return f.metric }, "%d"), always(denied)},
	// Library files: coaching material, never a contact's (R23, R31).
	"library list":     {withClient("--client {client}"), always(denied)},
	"library show":     {fixed("1"), always(denied)},
	"library rename":   {fixed("1 --name x.pdf"), always(denied)},
	"library delete":   {fixed("1 --confirm 1"), always(denied)},
	"library share":    {withClient("1 --client {client}"), always(denied)},
	"library team":     {fixed("1"), always(denied)},
	"library reassign": {fixed("1 --to rob"), always(denied)},
	// Courses: coaching work, never a contact's (R23, R31).
	"courses list":        {fixed(""), always(denied)},
	"courses show":        {fixed("1"), always(denied)},
	"courses add":         {fixed("--name C"), always(denied)},
	"courses edit":        {fixed("1 --name C"), always(denied)},
	"courses delete":      {fixed("1"), always(denied)},
	"courses team":        {fixed("1"), always(denied)},
	"courses clone":       {fixed("1 --name C"), always(denied)},
	"courses reassign":    {fixed("1 --to rob"), always(denied)},
	"courses enrol":       {withClient("1 --client {client}"), always(denied)},
	"courses progress":    {fixed("1"), always(denied)},
	"courses lesson-done": {fixed("1 --lesson 1"), always(denied)},
	"groups list":         {fixed(""), always(denied)},
	"groups show":         {fixed("leaders"), always(denied)}, // every demo client is a member: the group is known, not shown
	"groups add":          {fixed("newgroup --name New"), always(denied)},
	"groups edit":         {fixed("leaders --name Renamed"), always(denied)},
	"groups delete":       {fixed("leaders --confirm leaders"), always(denied)},
	"groups posts":        {fixed("leaders"), always(denied)},
	"groups post":         {fixed("leaders --body hello"), always(denied)},

	// Templates are the team's; worksheets are coaching work, never a
	// contact's (R21, R23, R31); forms are a contact's with `forms` (R30).
	"templates list":     {fixed(""), always(denied)},
	"templates show":     {idOf(func(f *matrixFixture) map[string]domain.ID { return f.template }, "%d"), always(denied)},
	"templates add":      {fixed("--kind form --name Mine"), always(denied)},
	"templates edit":     {idOf(func(f *matrixFixture) map[string]domain.ID { return f.template }, "%d --name Mine"), always(denied)},
	"templates delete":   {idOf(func(f *matrixFixture) map[string]domain.ID { return f.template }, "%d"), always(denied)},
	"templates share":    {idOf(func(f *matrixFixture) map[string]domain.ID { return f.template }, "%d"), always(denied)},
	"templates reassign": {idOf(func(f *matrixFixture) map[string]domain.ID { return f.template }, "%d --to olivia"), always(denied)},
	"worksheets list":    {withClient("--client {client}"), always(denied)},
	"worksheets show":    {idOf(func(f *matrixFixture) map[string]domain.ID { return f.worksheet }, "%d"), always(denied)},
	"worksheets assign":  {idOf(func(f *matrixFixture) map[string]domain.ID { return f.template }, "--client {client} --template %d"), always(denied)},
	"worksheets answer":  {idOf(func(f *matrixFixture) map[string]domain.ID { return f.worksheet }, "%d --question 1 --value yes"), always(denied)},
	"worksheets submit":  {idOf(func(f *matrixFixture) map[string]domain.ID { return f.worksheet }, "%d"), always(denied)},
	"forms send":         {idOf(func(f *matrixFixture) map[string]domain.ID { return f.template }, "--client {client} --template %d"), always(denied)},
	"forms list":         {withClient("--client {client}"), withPerm(domain.ContactForms)},
	"forms show":         {idOf(func(f *matrixFixture) map[string]domain.ID { return f.form }, "%d"), withPerm(domain.ContactForms)},
	"forms print":        {idOf(func(f *matrixFixture) map[string]domain.ID { return f.form }, "%d"), withPerm(domain.ContactForms)},
	"forms answer":       {idOf(func(f *matrixFixture) map[string]domain.ID { return f.form }, "%d --question 1 --value 'Pat Johnson'"), withPerm(domain.ContactForms)},
	"forms sign":         {idOf(func(f *matrixFixture) map[string]domain.ID { return f.form }, "%d --question 2"), withPerm(domain.ContactForms)}, // after account set: a signature is adopted
	"forms submit":       {idOf(func(f *matrixFixture) map[string]domain.ID { return f.form }, "%d"), withPerm(domain.ContactForms)},

	// What the link's permissions open (R30), for its own client only (R32).
	"packages catalog": {fixed(""), inOwn},
	"sessions list":    {withClient("--client {client}"), withPerm(domain.ContactSchedule)},
	"sessions show":    {idOf(func(f *matrixFixture) map[string]domain.ID { return f.show }, "%d"), withPerm(domain.ContactSchedule)},
	"sessions book": {func(_ *matrixFixture, w wsCase) string {
		return fmt.Sprintf("--client %s --start 2027-02-%02dT11:00 --minutes 45", w.client, 1+w.n)
	}, withPerm(domain.ContactSchedule)},
	"sessions reschedule": {func(f *matrixFixture, w wsCase) string {
		return fmt.Sprintf("%d --start 2027-02-%02dT14:00", f.resched[w.client], 1+w.n)
	}, withPerm(domain.ContactSchedule)},
	"sessions cancel": {idOf(func(f *matrixFixture) map[string]domain.ID { return f.cancel }, "%d"), withPerm(domain.ContactSchedule)},
	// A group session shows in the client's schedule; a contact with
	// schedule takes the client out of it (R22, R30).
	"sessions withdraw": {idOf(func(f *matrixFixture) map[string]domain.ID { return f.groupSession }, "%d"), withPerm(domain.ContactSchedule)},
	"invoices list":     {withClient("--client {client}"), withPerm(domain.ContactBilling)},
	"invoices show":     {idOf(func(f *matrixFixture) map[string]domain.ID { return f.invoice }, "%d"), withPerm(domain.ContactBilling)},
	"invoices pay":      {idOf(func(f *matrixFixture) map[string]domain.ID { return f.invoice }, "%d --amount 1.00"), withPerm(domain.ContactBilling)},
	"packages list":     {withClient("--client {client}"), withPerm(domain.ContactPackages)},
	"payments list":     {withClient("--client {client}"), withPerm(domain.ContactPayments)},

	// Purchases, subscriptions and the owner's account (R55, R56, R18).
	"packages buy":           {withClient("--client {client} --package 3"), withPerm(domain.ContactBilling)},
	"packages cancel":        {idOf(func(f *matrixFixture) map[string]domain.ID { return f.purchase }, "%d"), withPerm(domain.ContactBilling)},
	"subscriptions list":     {withClient("--client {client}"), withPerm(domain.ContactBilling)},
	"subscriptions pause":    {idOf(func(f *matrixFixture) map[string]domain.ID { return f.subPause }, "%d"), withPerm(domain.ContactBilling)},
	"subscriptions resume":   {idOf(func(f *matrixFixture) map[string]domain.ID { return f.subResume }, "%d"), withPerm(domain.ContactBilling)},
	"subscriptions renew":    {idOf(func(f *matrixFixture) map[string]domain.ID { return f.subRenew }, "%d --off"), withPerm(domain.ContactBilling)},
	"subscriptions cancel":   {idOf(func(f *matrixFixture) map[string]domain.ID { return f.subCancel }, "%d"), withPerm(domain.ContactBilling)},
	"account payment-method": {fixed("--set 'Visa 4242 12/30'"), always(denied)},
	"account cancel":         {fixed("--confirm 'Northwind Coaching'"), always(denied)},
	"account reopen":         {fixed(""), always(denied)},
	"progress list":          {withClient("--client {client}"), withPerm(domain.ContactProgress)},
}

// flagMatrix holds rows for flags that reach further than their command
// alone (another action decided on the way), keyed "noun verb --flag"; the
// command's own row stays in matrix.
var flagMatrix = map[string]matrixRow{
	// A session's agenda comes from the team's templates (R21), and its
	// private note is the coaches' (R31): never a contact's.
	"sessions book --template": {func(f *matrixFixture, w wsCase) string {
		return fmt.Sprintf("%d --client %s --start 2027-02-%02dT16:00 --minutes 45", f.template[w.client], w.client, 1+w.n)
	}, always(denied)},
	"notes add --session": {idOf(func(f *matrixFixture) map[string]domain.ID { return f.show }, "%d --from-agenda"), always(denied)},
}

func TestAccessMatrixCoversEveryCommand(t *testing.T) {
	cmds := cli.Commands()
	for _, c := range cmds {
		if _, ok := matrix[c]; !ok {
			t.Errorf("command %q has no row in the access matrix: decide what contacts may do with it", c)
		}
	}
	for c := range matrix {
		if !slices.Contains(cmds, c) {
			t.Errorf("the access matrix has a row for %q, which is no command", c)
		}
	}
	for c := range flagMatrix {
		if cmd, _, _ := strings.Cut(c, " --"); !slices.Contains(cmds, cmd) {
			t.Errorf("the access matrix has a flag row for %q, which is no command", c)
		}
	}
}

// R30, R31, R32: the exact outcome of every command for every demo contact in every workspace.
func TestAccessMatrix(t *testing.T) {
	links := map[string]map[string]domain.ContactPerms{
		"eve": {"jane": {domain.ContactSchedule, domain.ContactBilling}},
		"pat": {"alex": {domain.ContactSchedule, domain.ContactPackages, domain.ContactPayments, domain.ContactProgress, domain.ContactForms}, // forms: the fixture's
			"casey": {domain.ContactSchedule, domain.ContactPayments}},
		"sam": {"alex": {domain.ContactProgress}},
	}
	workspaces := []string{"team", "me", "contact:jane", "contact:alex", "contact:casey", "assistant:olivia", "assistant:rob"}
	cmds := cli.Commands()
	for _, contact := range []string{"eve", "pat", "sam"} {
		t.Run(contact, func(t *testing.T) {
			t.Parallel()
			ts := startServer(t)
			fx := ts.matrixFixture(t, contact, len(workspaces))
			c := ts.client(t, ts.keys[contact])
			for n, ws := range workspaces {
				w := wsCase{n: n, id: ws, client: "jane"}
				if client, ok := strings.CutPrefix(ws, "contact:"); ok {
					w.client = client
					w.perms, w.own = links[contact][client]
				}
				for _, name := range cmds {
					row := matrix[name]
					want := row.want(w)
					line := name + " " + row.args(fx, w) + " --ws " + ws
					_, stderr, code := runOn(t, c, line)
					if code != want {
						t.Errorf("%s: %q: exit %d, want %d (%s)", contact, line, code, want, strings.TrimSpace(stderr))
					}
				}
				for name, row := range flagMatrix {
					line := name + " " + row.args(fx, w) + " --ws " + ws
					if _, stderr, code := runOn(t, c, line); code != row.want(w) {
						t.Errorf("%s: %q: exit %d, want %d (%s)", contact, line, code, row.want(w), strings.TrimSpace(stderr))
					}
				}
			}
		})
	}
}

// matrixFixture books, invoices and writes progress for every demo client,
// as the team would, so that rows have real records to act on.
func (ts *testServer) matrixFixture(t *testing.T, contact string, spares int) *matrixFixture {
	t.Helper()
	f := &matrixFixture{resched: map[string]domain.ID{}, cancel: map[string]domain.ID{}, show: map[string]domain.ID{},
		invoice: map[string]domain.ID{}, progress: map[string]domain.ID{}, action: map[string]domain.ID{}, metric: map[string]domain.ID{},
		groupSession: map[string]domain.ID{},
		purchase:     map[string]domain.ID{}, subCancel: map[string]domain.ID{}, subPause: map[string]domain.ID{},
		subResume: map[string]domain.ID{}, subRenew: map[string]domain.ID{},
		template: map[string]domain.ID{}, worksheet: map[string]domain.ID{}, form: map[string]domain.ID{}}
	adam := domain.Who{Person: ts.ids["adam"], Workspace: "team"}
	for day, client := range []string{"jane", "alex", "casey"} {
		book := func(hour int) domain.ID {
			s, err := ts.svc.BookSession(adam, domain.Booking{Client: client, Start: fmt.Sprintf("2027-01-%02dT%02d:00", 11+day, hour), Minutes: 45})
			if err != nil {
				t.Fatalf("fixture booking for %s: %v", client, err)
			}
			return s.Session.ID
		}
		f.resched[client], f.cancel[client], f.show[client] = book(9), book(11), book(13)
		inv, err := ts.svc.IssueInvoice(adam, domain.NewInvoice{Client: client, Items: []domain.ItemInput{{Text: "Session", Amount: "100.00"}}})
		if err != nil {
			t.Fatal(err)
		}
		f.invoice[client] = inv.Invoice.ID
		coach := map[string]string{"jane": "rob", "alex": "mira", "casey": "mira"}[client]
		pr, err := ts.svc.AddProgress(domain.Who{Person: ts.ids[coach], Workspace: "team"}, client, "Good progress this week.")
		if err != nil {
			t.Fatal(err)
		}
		f.progress[client] = pr.Progress.ID
		act, err := ts.svc.AddAction(domain.Who{Person: ts.ids[coach], Workspace: "team"}, domain.NewAction{Client: client, Title: "Walk daily"})
		if err != nil {
			t.Fatal(err)
		}
		f.action[client] = act.Item.ID
		m, err := ts.svc.DefineMetric(domain.Who{Person: ts.ids[coach], Workspace: "team"}, domain.NewMetric{Client: client, Name: "Sleep", Unit: "hours"})
		if err != nil {
			t.Fatal(err)
		}
		f.metric[client] = m.Metric.ID
		// A worksheet and a consent form from the coach's templates (R21).
		cw := domain.Who{Person: ts.ids[coach], Workspace: "team"}
		wt, err := ts.svc.AddTemplate(cw, domain.NewTemplate{Kind: "worksheet", Name: "Review", Questions: "text: How was it?"})
		if err != nil {
			t.Fatal(err)
		}
		ft, err := ts.svc.AddTemplate(cw, domain.NewTemplate{Kind: "form", Name: "Consent", Questions: "text: Your name\nsignature*: I consent"})
		if err != nil {
			t.Fatal(err)
		}
		f.template[client] = ft.Template.ID
		w, err := ts.svc.AssignWorksheet(cw, domain.NewPaper{Client: client, Template: wt.Template.ID})
		if err != nil {
			t.Fatal(err)
		}
		f.worksheet[client] = w.Paper.ID
		fm, err := ts.svc.SendForm(cw, domain.NewPaper{Client: client, Template: ft.Template.ID})
		if err != nil {
			t.Fatal(err)
		}
		f.form[client] = fm.Paper.ID
		f.purchases(t, ts, client)
	}
	if contact == "pat" { // a parent who completes a child's forms (R30)
		if _, err := ts.svc.SetLink(adam, domain.LinkChange{Client: "alex", Contact: "pat", Perms: "schedule,packages,payments,progress,forms"}); err != nil {
			t.Fatal(err)
		}
	}
	mira := domain.Who{Person: ts.ids["mira"], Workspace: "team"} // she coaches every demo client
	if _, err := ts.svc.AddGroup(mira, domain.NewGroup{Handle: "leaders", Name: "Leaders", Members: []string{"jane", "alex", "casey"}}); err != nil {
		t.Fatal(err)
	}
	places, err := ts.svc.BookGroupSession(mira, domain.GroupBooking{Group: "leaders", Start: "2027-01-20T10:00", Minutes: 60})
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range places {
		f.groupSession[p.Client.Handle] = p.Session.ID
	}
	newLine := func() string {
		pub, _, err := ed25519.GenerateKey(rand.Reader)
		if err != nil {
			t.Fatal(err)
		}
		sp, err := gossh.NewPublicKey(pub)
		if err != nil {
			t.Fatal(err)
		}
		return strings.TrimSpace(string(gossh.MarshalAuthorizedKey(sp))) + " spare"
	}
	f.keyLine = newLine()
	for i := 0; i < spares; i++ {
		line := newLine()
		k, err := sshkey.Parse(line)
		if err != nil {
			t.Fatal(err)
		}
		pk, err := ts.svc.AddKey(domain.Who{Person: ts.ids[contact]}, k)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := ts.svc.Redeem(k, "192.0.2.1", pk.Code); err != nil {
			t.Fatal(err)
		}
		f.spare = append(f.spare, k.Fingerprint)
	}
	return f
}

// purchases has the client buy a package (left unpaid) and subscribe four
// times to the demo's monthly check-in, one subscription per command that
// changes one; the one to resume is paused first.
func (f *matrixFixture) purchases(t *testing.T, ts *testServer, client string) {
	t.Helper()
	me := domain.Who{Person: ts.ids[client], Workspace: "me"}
	p, err := ts.svc.BuyPackage(me, "", 3)
	if err != nil {
		t.Fatal(err)
	}
	f.purchase[client] = p.Package.Package.ID
	for _, m := range []map[string]domain.ID{f.subCancel, f.subPause, f.subResume, f.subRenew} {
		p, err := ts.svc.BuyPackage(me, "", 4)
		if err != nil {
			t.Fatal(err)
		}
		m[client] = p.Subscription.Sub.ID
	}
	if _, err := ts.svc.ChangeSubscription(me, f.subResume[client], domain.SubPause); err != nil {
		t.Fatal(err)
	}
}
