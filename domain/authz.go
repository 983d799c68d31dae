package domain

import (
	"fmt"
	"slices"
	"strings"
)

// Action names what someone wants to do. It is the command's noun.verb and
// the audit log's action, whichever face (screen or command) asked.
type Action string

const (
	ActPeopleList       Action = "people.list"
	ActPeopleShow       Action = "people.show"
	ActPeopleAdd        Action = "people.add"
	ActPeopleInvite     Action = "people.invite"
	ActPeopleDeactivate Action = "people.deactivate"
	ActPeopleReactivate Action = "people.reactivate"
	ActPeopleDelete     Action = "people.delete"
	ActPeopleEdit       Action = "people.edit" // name, email of someone else
	ActPeopleRecover    Action = "people.recover"

	ActPairingShow Action = "pairing.show"
	ActPairingSet  Action = "pairing.set"

	ActPermsShow   Action = "perms.show"
	ActPermsGrant  Action = "perms.grant"
	ActPermsRevoke Action = "perms.revoke"

	ActContactsList   Action = "contacts.list"
	ActContactsLink   Action = "contacts.link"
	ActContactsSet    Action = "contacts.set"
	ActContactsUnlink Action = "contacts.unlink"

	ActAssistantsList   Action = "assistants.list"
	ActAssistantsLink   Action = "assistants.link"
	ActAssistantsUnlink Action = "assistants.unlink"

	ActSessionsList       Action = "sessions.list"
	ActSessionsBook       Action = "sessions.book"
	ActSessionsReschedule Action = "sessions.reschedule"
	ActSessionsCancel     Action = "sessions.cancel"
	ActSessionsComplete   Action = "sessions.complete" // mark completed or no-show

	ActPackagesCatalog  Action = "packages.catalog"
	ActPackagesList     Action = "packages.list"
	ActPackagesAssign   Action = "packages.assign"
	ActPackagesReassign Action = "packages.reassign"
	ActPackagesDefine   Action = "packages.define" // edit the catalogue

	ActInvoicesList  Action = "invoices.list"
	ActInvoicesShow  Action = "invoices.show"
	ActInvoicesIssue Action = "invoices.issue"
	ActInvoicesPay   Action = "invoices.pay"
	ActInvoicesVoid  Action = "invoices.void"
	ActPaymentsList  Action = "payments.list"

	ActNotesList       Action = "notes.list"
	ActNotesAdd        Action = "notes.add"
	ActProgressList    Action = "progress.list"
	ActProgressAdd     Action = "progress.add"
	ActProgressApprove Action = "progress.approve"

	ActCommentsList Action = "comments.list"
	ActCommentsAdd  Action = "comments.add"
	ActTasksList    Action = "tasks.list"
	ActTasksAdd     Action = "tasks.add"
	ActTasksDone    Action = "tasks.done"

	ActNotificationsShow Action = "notifications.show"
	ActNotificationsSet  Action = "notifications.set"

	ActAuditList Action = "audit.list"
	ActExplain   Action = "explain"
	ActAccount   Action = "account.plan" // the account's subscription page (R18)
	ActBackup    Action = "backup"
)

// Target is what an action is about. Rules read only the fields they need.
type Target struct {
	Client   *Person  // the client concerned
	Person   *Person  // the person concerned (people, perms)
	Coach    *Person  // the coach concerned (sessions, pairing)
	Perm     Perm     // perms.grant / perms.revoke
	Capacity Capacity // people.add
	Channel  string   // notifications.set
	Group    *Group   // the group concerned (groups, group sessions)
	// Templates, worksheets and forms (templates.go, forms.go): the
	// template concerned, and the type of question being answered or signed.
	Template *Template
	Question QuestionType
	File     *LibraryFile // the library file concerned (library.go)
	Course   *Course      // the course concerned (courses.go)
}

// Decision is the outcome of an authorisation: the reason travels with it,
// so screens, commands and `explain` can say why.
type Decision struct {
	Allowed bool   `json:"allowed"`
	Reason  string `json:"reason"`
}

func allow(format string, a ...any) Decision {
	return Decision{Allowed: true, Reason: fmt.Sprintf(format, a...)}
}

func deny(format string, a ...any) Decision {
	return Decision{Allowed: false, Reason: fmt.Sprintf(format, a...)}
}

// Err is nil when allowed and a KindDenied error with the reason otherwise.
func (d Decision) Err() error {
	if d.Allowed {
		return nil
	}
	return &Error{Kind: KindDenied, Msg: d.Reason}
}

// judge decides with the access of one workspace inside one transaction.
type judge struct {
	tx Tx
	a  *Access
}

type rule func(j judge, t Target) Decision

// rules is the single place where every action is decided (R5). Each entry
// says who may, in words a person can act on.
var rules = map[Action]rule{
	ActPeopleList:       ruleTeamOnly("listing people"),
	ActPeopleShow:       rulePeopleShow,
	ActPeopleAdd:        rulePeopleAdd,
	ActPeopleInvite:     rulePeopleInvite,
	ActPeopleRecover:    rulePeopleRecover,
	ActPeopleDeactivate: rulePeopleManage(false),
	ActPeopleReactivate: rulePeopleManage(false),
	ActPeopleDelete:     rulePeopleManage(true),
	ActPeopleEdit:       rulePeopleManage(false),

	ActPairingShow: rulePairingShow,
	ActPairingSet:  ruleNeed(PermManagePairings, "change pairings"),

	ActPermsShow:   rulePermsShow,
	ActPermsGrant:  rulePermsChange,
	ActPermsRevoke: rulePermsChange,

	ActContactsList:   ruleContactsList,
	ActContactsLink:   ruleContactsManage,
	ActContactsSet:    ruleContactsManage,
	ActContactsUnlink: ruleContactsManage,

	ActAssistantsList:   ruleTeamOnly("listing assistants"),
	ActAssistantsLink:   ruleAssistantsLink, // assistants.go
	ActAssistantsUnlink: ruleNeed(PermManageCoaches, "unlink assistants"),

	ActSessionsList:       ruleSessionsList, // group_sessions.go
	ActSessionsBook:       ruleSchedule,
	ActSessionsReschedule: ruleSchedule,
	ActSessionsCancel:     ruleSchedule,
	ActSessionsComplete:   ruleSessionsComplete,
	ActSessionsWithdraw:   ruleSessionsWithdraw, // group_sessions.go

	ActPackagesCatalog:  ruleAnyWorkspace,
	ActPackagesList:     ruleClientData(LevelView, ContactPackages, PermInvoiceAll, "packages"),
	ActPackagesAssign:   ruleBilling("assign packages"),
	ActPackagesReassign: ruleNeedAny("reassign packages", PermManageClients, PermInvoiceAll),
	ActPackagesDefine:   ruleNeedAny("edit the package catalogue", PermInvoiceAll, PermManageClients),

	ActInvoicesList:  ruleClientData(LevelView, ContactBilling, PermInvoiceAll, "invoices"),
	ActInvoicesShow:  ruleClientData(LevelView, ContactBilling, PermInvoiceAll, "invoices"),
	ActInvoicesIssue: ruleBilling("issue invoices"),
	ActInvoicesVoid:  ruleBilling("void invoices"),
	ActInvoicesPay:   ruleClientSide(ContactBilling, "pay invoices"),
	ActPaymentsList:  ruleClientData(LevelView, ContactPayments, PermInvoiceAll, "payments"),

	ActNotesList:       ruleNotes(LevelView),
	ActNotesAdd:        ruleNotes(LevelCoaching),
	ActProgressList:    ruleClientData(LevelView, ContactProgress, "", "progress updates"),
	ActProgressAdd:     ruleCoachLevel(LevelCoaching, "write progress updates"),
	ActProgressApprove: ruleProgressApprove,

	ActActionsList:   ruleCoachingWork("actions"), // actions.go
	ActActionsAdd:    ruleCoachLevel(LevelCoaching, "assign actions"),
	ActActionsEdit:   ruleCoachLevel(LevelCoaching, "change actions"),
	ActActionsDone:   ruleActionsDone(false),
	ActActionsReopen: ruleActionsDone(true),
	ActMetricsList:   ruleCoachingWork("metrics"), // metrics.go
	ActMetricsShow:   ruleCoachingWork("metrics"),
	ActMetricsDefine: ruleCoachLevel(LevelCoaching, "set up metrics"),
	ActMetricsRecord: ruleMetricsRecord,
	ActGroupsList:    ruleGroupsList, // groups.go
	ActGroupsShow:    ruleGroupsShow,
	ActGroupsAdd:     ruleGroupsAdd,
	ActGroupsEdit:    ruleGroupsChange("edited"),
	ActGroupsDelete:  ruleGroupsChange("deleted"),
	ActGroupsPosts:   ruleGroupsPosts(false), // group_posts.go
	ActGroupsPost:    ruleGroupsPosts(true),

	// Templates, worksheets and forms (templates.go, forms.go; R21, R23, R30).
	ActTemplatesList:     ruleTemplates("list templates"),
	ActTemplatesShow:     ruleTemplates("see templates"),
	ActTemplatesAdd:      ruleTeamOnly("making templates"),
	ActTemplatesEdit:     ruleTemplatesOwn("edit"),
	ActTemplatesDelete:   ruleTemplatesOwn("delete"),
	ActTemplatesShare:    ruleTemplatesShare,
	ActTemplatesReassign: ruleNeed(PermReassignOwnership, "reassign templates"),
	ActTemplatesUse:      ruleTemplatesUse,
	ActWorksheetsList:    ruleCoachingWork("worksheets"),
	ActWorksheetsShow:    ruleCoachingWork("worksheets"),
	ActWorksheetsAssign:  ruleCoachLevel(LevelCoaching, "assign worksheets"),
	ActWorksheetsAnswer:  ruleWorksheetsFill,
	ActWorksheetsSubmit:  ruleWorksheetsFill,
	ActFormsList:         ruleClientData(LevelView, ContactForms, PermManageClients, "forms"),
	ActFormsShow:         ruleClientData(LevelView, ContactForms, PermManageClients, "forms"),
	ActFormsPrint:        ruleClientData(LevelView, ContactForms, PermManageClients, "forms"),
	ActFormsSend:         ruleFormsTeam("send forms"),
	ActFormsAnswer:       ruleFormsFill("fill in"),
	ActFormsSign:         ruleFormsFill("sign"),
	ActFormsSubmit:       ruleClientSide(ContactForms, "submit forms"),

	ActCommentsList: ruleComments(false), // comments.go
	ActCommentsAdd:  ruleComments(true),
	ActMessagesList: ruleMessages(false), // comments.go
	ActMessagesSend: ruleMessages(true),
	ActTasksList:    ruleTeamOnly("the task list"),
	ActTasksAdd:     ruleTasksAdd, // tasks.go
	ActTasksDone:    ruleTeamOnly("marking tasks done"),
	ActTasksAll:     ruleNeed(PermManageCoaches, "see every task of the team"),

	ActNotificationsShow:   ruleNotifications,
	ActNotificationsSet:    ruleNotifications,
	ActInboxList:           ruleOwnInbox, // inbox.go
	ActInboxRead:           ruleOwnInbox,
	ActNotificationsOutbox: ruleOwnerOnly("the notification outbox"),

	ActProfileShow: ruleOwnAccount, // account.go
	ActProfileEdit: ruleOwnAccount,
	ActKeysList:    ruleOwnAccount,
	ActKeyAdd:      ruleOwnAccount,
	ActKeyRemove:   ruleOwnAccount,

	// Two-factor sign-in (issue 19): one's own, and the owner's reset.
	ActTwoFactor:      ruleOwnAccount, // twofactor.go
	ActTwoFactorReset: ruleTwoFactorReset,

	// Client terms (issue 19, R24): set by manage_branding, read and
	// accepted by each person for themselves (terms.go).
	ActTermsShow:        ruleOwnTerms,
	ActTermsAccept:      ruleOwnTerms,
	ActTermsSet:         ruleNeed(PermManageBranding, "set the client terms"),
	ActTermsAcceptances: ruleNeed(PermManageBranding, "see who accepted the terms"),
	// Branding (issue 19, R24): everyone sees it; manage_branding sets it.
	ActBrandingShow: ruleAnyWorkspace, // branding.go
	ActBrandingSet:  ruleNeed(PermManageBranding, "change the branding"),

	// Library files (library.go)
	ActLibraryList:     ruleLibraryList,
	ActLibraryShow:     ruleLibraryShow,
	ActLibraryUpload:   ruleLibraryUpload,
	ActLibraryRename:   ruleLibraryOwn("rename"),
	ActLibraryDelete:   ruleLibraryOwn("delete"),
	ActLibraryShare:    ruleLibraryShare,
	ActLibraryTeam:     ruleLibraryTeam,
	ActLibraryReassign: ruleNeed(PermReassignOwnership, "pass files to another owner"),

	// Courses (courses.go)
	ActCoursesList:       ruleCoursesSee,
	ActCoursesShow:       ruleCoursesSee,
	ActCoursesAdd:        ruleCoursesAdd,
	ActCoursesEdit:       ruleCoursesOwn("edit"),
	ActCoursesDelete:     ruleCoursesOwn("delete"),
	ActCoursesTeam:       ruleCoursesTeam,
	ActCoursesClone:      ruleNeed(PermCloneCourses, "copy courses"),
	ActCoursesReassign:   ruleNeed(PermReassignOwnership, "pass courses to another owner"),
	ActCoursesEnrol:      ruleCoursesEnrol,
	ActCoursesProgress:   ruleClientData(LevelView, "", "", "course progress"),
	ActCoursesLessonDone: ruleCoursesLessonDone,

	// Email and reminders (issue 19: mail.go, reminders.go, email_templates.go; R24)
	ActRemindersShow: ruleTeamOnly("the reminder setting"),
	ActRemindersSet:  ruleNeed(PermManageBranding, "set when reminders go"),
	ActEmailsList:    ruleNeed(PermManageBranding, "see the system email templates"),
	ActEmailsShow:    ruleNeed(PermManageBranding, "see the system email templates"),
	ActEmailsSet:     ruleNeed(PermManageBranding, "change the system email templates"),
	ActEmailsReset:   ruleNeed(PermManageBranding, "reset the system email templates"),
	ActEmailsPreview: ruleNeed(PermManageBranding, "preview the system email templates"),

	ActAuditList: ruleAudit,
	ActExplain:   ruleNeed(PermManageAdmins, "explain others' access"),
	ActAccount:   ruleOwnerOnly("the account's subscription page"),
	ActBackup:    ruleOwnerOnly("backups"),

	// Purchases, subscriptions and the owner's account (purchases.go,
	// subscriptions.go, account_plan.go; R55, R56)
	ActPackagesBuy:         ruleClientSide(ContactBilling, "buy packages"),
	ActPackagesCancel:      ruleSubscriptionManage("cancel purchases"),
	ActSubscriptionsList:   ruleClientData(LevelView, ContactBilling, PermInvoiceAll, "subscriptions"),
	ActSubscriptionsPause:  ruleSubscriptionManage("pause subscriptions"),
	ActSubscriptionsResume: ruleSubscriptionManage("resume subscriptions"),
	ActSubscriptionsRenew:  ruleSubscriptionManage("change auto-renew"),
	ActSubscriptionsCancel: ruleSubscriptionManage("cancel subscriptions"),
	ActSubscriptionsIssue:  ruleNobody("issuing a subscription's next invoice"),
	ActOwnerKeyRestore:     ruleNobody("binding a key to the owner on the server's machine"),
	ActAccountPayment:      ruleOwnerOnly("the account's payment method"),
	ActAccountCancel:       ruleOwnerOnly("cancelling the account"),
	ActAccountReopen:       ruleOwnerOnly("reopening the account"),
}

// decide is the one authorisation entry point every use case calls (R5).
func decide(tx Tx, a *Access, act Action, t Target) Decision {
	r, ok := rules[act]
	if !ok {
		return deny("%q is not an action behalf knows", act)
	}
	return r(judge{tx, a}, t)
}

// --- what a workspace is

func (j judge) teamish() bool { return j.a.Teamish() }

func (j judge) where() string {
	switch j.a.Workspace.Kind {
	case WSMe:
		return "in your own portal"
	case WSContact:
		return "as a contact of " + j.a.Principal.Name
	case WSAssistant:
		return "as assistant for " + j.a.Principal.Name
	}
	return "in the team workspace"
}

// who names whose permissions count, for reasons.
func (j judge) whose() string {
	if j.a.Workspace.Kind == WSAssistant {
		if j.a.Workspace.AdminLevel {
			return j.a.Principal.Name + " (admin-level)"
		}
		return j.a.Principal.Name + " (without admin-level access)"
	}
	return "you"
}

// level is the workspace's coaching access to client (R11, R17): the
// principal's pairing, raised by view_all_clients and coach_all_clients.
func (j judge) level(client *Person) Level {
	if !j.teamish() || client == nil {
		return LevelNone
	}
	lvl := LevelNone
	if p, err := pairingOf(j.tx, client.ID, j.a.Principal.ID); err == nil {
		lvl = p.Level
	}
	if j.a.Has(PermCoachAllClients) && lvl < LevelCoaching {
		lvl = LevelCoaching
	}
	if j.a.Has(PermViewAllClients) && lvl < LevelView {
		lvl = LevelView
	}
	return lvl
}

func (j judge) isPrimary(client *Person) bool {
	if !j.teamish() || client == nil {
		return false
	}
	p, err := pairingOf(j.tx, client.ID, j.a.Principal.ID)
	return err == nil && p.Level == LevelPrimary
}

// forOwnClient: a me or contact workspace asking about its own client (R32).
func (j judge) forOwnClient(client *Person) (bool, Decision) {
	if client == nil {
		return false, deny("name the client")
	}
	if client.ID != j.a.Principal.ID {
		if j.a.Workspace.Kind == WSMe {
			return false, deny("your portal shows only your own records")
		}
		return false, deny("this workspace acts for %s only; switch workspace to act for %s", j.a.Principal.Name, client.Name)
	}
	return true, Decision{}
}

// --- rule builders

func ruleAnyWorkspace(j judge, _ Target) Decision { return allow("every workspace may") }

func ruleTeamOnly(what string) rule {
	return func(j judge, _ Target) Decision {
		if j.teamish() {
			return allow("%s is open to the team", what)
		}
		return deny("%s is for the team workspace, not %s", what, j.where())
	}
}

func ruleOwnerOnly(what string) rule {
	return func(j judge, _ Target) Decision {
		if j.a.Workspace.Kind == WSTeam && j.a.Actor.IsOwner() {
			return allow("you are the account owner")
		}
		if j.a.Workspace.Kind == WSAssistant {
			return deny("%s belongs to the account owner alone; assistants never see it", what) // R43
		}
		return deny("%s belongs to the account owner alone", what) // R18
	}
}

func ruleNeed(p Perm, what string) rule { return ruleNeedAny(what, p) }

func ruleNeedAny(what string, ps ...Perm) rule {
	return func(j judge, _ Target) Decision {
		if !j.teamish() {
			return deny("you cannot %s %s", what, j.where())
		}
		for _, p := range ps {
			if j.a.Has(p) {
				return allow("%s hold %s", j.whose(), p)
			}
		}
		return deny("to %s you need %s; %s do not hold it", what, permList(ps), j.whose())
	}
}

func permList(ps []Perm) string {
	s := ""
	for i, p := range ps {
		if i > 0 {
			s += " or "
		}
		s += string(p)
	}
	return s
}

// ruleClientData: reading one kind of a client's records. The team reads
// with view access or the admin permission; the client reads their own; a
// contact reads with the link permission.
func ruleClientData(min Level, cp ContactPerm, admin Perm, what string) rule {
	return func(j judge, t Target) Decision {
		switch j.a.Workspace.Kind {
		case WSMe:
			if ok, d := j.forOwnClient(t.Client); !ok {
				return d
			}
			return allow("these are your own %s", what)
		case WSContact:
			if ok, d := j.forOwnClient(t.Client); !ok {
				return d
			}
			if j.a.contact.Has(cp) {
				return allow("your link to %s carries %s", j.a.Principal.Name, cp)
			}
			return deny("your link to %s does not include %s, so %s are not shown", j.a.Principal.Name, cp, what)
		}
		if t.Client == nil { // listing across clients: rows are filtered by level
			return allow("the team sees %s of the clients it has access to", what)
		}
		if admin != "" && j.a.Has(admin) {
			return allow("%s hold %s", j.whose(), admin)
		}
		if lvl := j.level(t.Client); lvl >= min {
			return allow("%s have %s access to %s", j.whose(), lvl, t.Client.Name)
		}
		return deny("%s have no access to %s's %s", j.whose(), t.Client.Name, what)
	}
}

// ruleCoachLevel: team work on a client file that needs a pairing level.
func ruleCoachLevel(min Level, what string) rule {
	return func(j judge, t Target) Decision {
		if !j.teamish() {
			return deny("you cannot %s %s", what, j.where())
		}
		if t.Client == nil {
			return allow("the team may %s for clients it has access to", what)
		}
		if lvl := j.level(t.Client); lvl >= min {
			return allow("%s have %s access to %s", j.whose(), lvl, t.Client.Name)
		}
		if min == LevelCoaching && j.level(t.Client) == LevelView {
			return deny("view-only access to %s cannot %s", t.Client.Name, what) // R14
		}
		return deny("to %s for %s you need %s access; %s have none", what, t.Client.Name, min, j.whose())
	}
}

// ruleNotes: private notes (R31, R42, R53) — paired coaches and
// view_all_clients holders only; never an assistant, a contact or the client.
func ruleNotes(min Level) rule {
	return func(j judge, t Target) Decision {
		switch j.a.Workspace.Kind {
		case WSContact:
			return deny("private notes are never shown to contacts") // R31
		case WSMe:
			return deny("private notes are the coaches' own working notes")
		case WSAssistant:
			return deny("private notes are never shown to assistants") // R42
		}
		if t.Client == nil {
			return deny("name the client whose notes you want")
		}
		lvl := j.level(t.Client)
		if lvl >= min {
			return allow("you have %s access to %s", lvl, t.Client.Name)
		}
		if lvl == LevelView {
			return deny("view-only access to %s cannot write notes", t.Client.Name) // R14
		}
		return deny("only coaches paired with %s (or holding view_all_clients) read their notes", t.Client.Name)
	}
}

// ruleSchedule (R50): schedule_all; a coach with schedule_own for clients
// they coach, booking themself; the client; a contact with schedule.
func ruleSchedule(j judge, t Target) Decision {
	if t.Group != nil {
		return ruleGroupSchedule(j, t) // group_sessions.go
	}
	switch j.a.Workspace.Kind {
	case WSMe:
		if ok, d := j.forOwnClient(t.Client); !ok {
			return d
		}
		return allow("you manage your own sessions")
	case WSContact:
		if ok, d := j.forOwnClient(t.Client); !ok {
			return d
		}
		if j.a.contact.Has(ContactSchedule) {
			return allow("your link to %s carries schedule", j.a.Principal.Name)
		}
		return deny("your link to %s does not include schedule", j.a.Principal.Name)
	}
	if j.a.Has(PermScheduleAll) {
		return allow("%s hold schedule_all", j.whose())
	}
	if !j.a.Has(PermScheduleOwn) {
		return deny("to schedule you need schedule_own or schedule_all; %s hold neither", j.whose())
	}
	if t.Coach != nil && t.Coach.ID != j.a.Principal.ID {
		return deny("schedule_own covers %s's own appointments, not %s's", j.a.Principal.Name, t.Coach.Name)
	}
	if t.Client == nil {
		return allow("%s hold schedule_own", j.whose())
	}
	if lvl := j.level(t.Client); lvl >= LevelCoaching {
		return allow("%s hold schedule_own and coach %s", j.whose(), t.Client.Name)
	}
	return deny("schedule_own covers clients %s coach; %s is not one", j.whose(), t.Client.Name)
}

// ruleSessionsComplete: marking a session completed or no-show is the
// coach's or the scheduler's business, not the client's.
func ruleSessionsComplete(j judge, t Target) Decision {
	if !j.teamish() {
		return deny("only the team marks sessions completed or no-show")
	}
	if j.a.Has(PermScheduleAll) {
		return allow("%s hold schedule_all", j.whose())
	}
	if t.Coach != nil && t.Coach.ID == j.a.Principal.ID && (j.level(t.Client) >= LevelCoaching || j.coachesGroup(t.Group)) {
		return allow("it is %s's own session", j.a.Principal.Name)
	}
	return deny("only the session's coach or someone with schedule_all may mark it")
}

// ruleBilling: invoice_all, or invoice_own for a client the principal coaches.
func ruleBilling(what string) rule {
	return func(j judge, t Target) Decision {
		if !j.teamish() {
			return deny("you cannot %s %s", what, j.where())
		}
		if j.a.Has(PermInvoiceAll) {
			return allow("%s hold invoice_all", j.whose())
		}
		if !j.a.Has(PermInvoiceOwn) {
			return deny("to %s you need invoice_own or invoice_all; %s hold neither", what, j.whose())
		}
		if t.Client == nil {
			return allow("%s hold invoice_own", j.whose())
		}
		if j.level(t.Client) >= LevelCoaching {
			return allow("%s hold invoice_own and coach %s", j.whose(), t.Client.Name)
		}
		return deny("invoice_own covers clients %s coach; %s is not one", j.whose(), t.Client.Name)
	}
}

// ruleClientSide: things the client, or a contact with the permission, do.
func ruleClientSide(cp ContactPerm, what string) rule {
	return func(j judge, t Target) Decision {
		switch j.a.Workspace.Kind {
		case WSMe:
			if ok, d := j.forOwnClient(t.Client); !ok {
				return d
			}
			return allow("they are your own")
		case WSContact:
			if ok, d := j.forOwnClient(t.Client); !ok {
				return d
			}
			if j.a.contact.Has(cp) {
				return allow("your link to %s carries %s", j.a.Principal.Name, cp)
			}
			return deny("your link to %s does not include %s", j.a.Principal.Name, cp)
		}
		return deny("clients and their contacts %s; the team does not", what)
	}
}

func ruleProgressApprove(j judge, t Target) Decision {
	if j.a.Workspace.Kind != WSMe {
		return deny("only the client approves which progress updates their contacts see") // R53
	}
	if ok, d := j.forOwnClient(t.Client); !ok {
		return d
	}
	return allow("these are your own progress updates")
}

func rulePeopleShow(j judge, t Target) Decision {
	if t.Person != nil && t.Person.ID == j.a.Actor.ID {
		return allow("this is you")
	}
	if !j.teamish() {
		return deny("looking people up is for the team workspace")
	}
	if t.Person == nil || j.sees(*t.Person) {
		return allow("the team sees this person")
	}
	return deny("%s have no access to %s", j.whose(), t.Person.Name)
}

// rulePeopleAdd: clients and contacts by manage_clients or a coach with
// manage_own_clients (R20, R33); team members and assistants by
// manage_coaches.
func rulePeopleAdd(j judge, t Target) Decision {
	if !j.teamish() {
		return deny("adding people is for the team workspace, not %s", j.where())
	}
	switch t.Capacity {
	case AsClient, AsContact:
		if j.a.Has(PermManageClients) {
			return allow("%s hold manage_clients", j.whose())
		}
		if j.a.Has(PermManageOwnClients) && j.a.Principal.IsCoach() {
			return allow("%s hold manage_own_clients", j.whose())
		}
		return deny("to add a %s you need manage_clients or manage_own_clients; %s hold neither", t.Capacity, j.whose())
	case AsCoach, AsStaff, AsAssistant:
		if j.a.Has(PermManageCoaches) {
			return allow("%s hold manage_coaches", j.whose())
		}
		return deny("to add a %s you need manage_coaches; %s do not hold it", t.Capacity, j.whose())
	}
	return deny("say what to add the person as")
}

// rulePeopleManage: deactivate, reactivate, edit, delete a person — only
// with authority over their whole account (authorityOver).
func rulePeopleManage(deleting bool) rule {
	return func(j judge, t Target) Decision {
		if !j.teamish() {
			return deny("managing people is for the team workspace, not %s", j.where())
		}
		if t.Person == nil {
			return deny("name the person")
		}
		return j.authorityOver(*t.Person, deleting)
	}
}

// authorityOver decides whether this workspace may act on p's account.
// It must cover every capacity and every link p holds — what this
// workspace could have set up itself — so that linking someone to one of
// your clients gives you no power over their account, nor over what they
// reach elsewhere. Nobody touches the owner (R18); team members need
// manage_coaches, and manage_admins if they hold administrative
// permissions (R17); an admin-role assistant of an admin needs
// manage_admins (R43); a client needs manage_clients (delete_clients), or
// manage_own_clients (delete_own_clients) as their primary coach; a
// contact needs the same for every client they act for (R33).
func (j judge) authorityOver(p Person, deleting bool) Decision {
	if p.IsOwner() {
		return deny("nobody may change the account owner") // R18
	}
	if p.ID == j.a.Actor.ID {
		return deny("you cannot do that to your own account")
	}
	var held []Perm
	hold := func(perm Perm) {
		if !slices.Contains(held, perm) {
			held = append(held, perm)
		}
	}
	if p.IsTeam() || p.Assistant {
		if len(p.Perms.Admin()) > 0 && !j.a.Has(PermManageAdmins) {
			return deny("%s holds administrative permissions; changing them needs manage_admins", p.Name)
		}
		if !j.a.Has(PermManageCoaches) {
			return deny("managing team members and assistants needs manage_coaches")
		}
		hold(PermManageCoaches)
	}
	if p.Assistant && p.AssistantAdmin && !j.a.Has(PermManageAdmins) {
		links, _ := linksOfAssistant(j.tx, p.ID)
		for _, l := range links {
			if pr, err := loadPerson(j.tx, l.Practitioner); err == nil && pr.IsAdmin() {
				return deny("%s has the admin role and assists an admin, so their account carries admin-level access; that needs manage_admins", p.Name) // R17, R43
			}
		}
	}
	if p.Client || p.Contact {
		adminPerm, ownPerm := PermManageClients, PermManageOwnClients
		if deleting {
			adminPerm, ownPerm = PermDeleteClients, PermDeleteOwnClients
		}
		refuse := deny("to do that to %s you need %s, or %s as primary coach of every client they are or act for", p.Name, adminPerm, ownPerm)
		switch {
		case j.a.Has(adminPerm):
			hold(adminPerm)
		case !j.a.Has(ownPerm):
			return refuse
		default:
			if p.Client && !j.isPrimary(&p) {
				return refuse
			}
			if p.Contact {
				links, _ := linksOfContact(j.tx, p.ID)
				if len(links) == 0 && !p.Client {
					return refuse
				}
				for _, l := range links {
					c, err := loadPerson(j.tx, l.Client)
					if err != nil || !j.isPrimary(&c) {
						return refuse
					}
				}
			}
			hold(ownPerm)
		}
	}
	if len(held) == 0 {
		return deny("%s is neither on the team nor a client or contact", p.Name)
	}
	return allow("%s hold %s, which covers everything %s can reach", j.whose(), permAnd(held), p.Name)
}

func permAnd(ps []Perm) string {
	s := make([]string, len(ps))
	for i, p := range ps {
		s[i] = string(p)
	}
	return strings.Join(s, " and ")
}

// rulePeopleInvite (R2, R34): a first invitation binds whatever key
// redeems it, so it is only for someone who has never signed in, and only
// from a workspace with authority over their whole account. Anyone with a
// key adds keys themself (account key-add, proved by the key).
func rulePeopleInvite(j judge, t Target) Decision {
	d := rulePeopleManage(false)(j, t)
	if !d.Allowed {
		return d
	}
	if signedIn(j.tx, *t.Person) {
		return deny("%s already signs in with a key of their own: they add keys themself, and an account whose keys were all lost is recovered by the account owner", t.Person.Name)
	}
	return d
}

// rulePeopleRecover (R2, R18): recovering the account of someone who lost
// every key binds a new key to an account that has acted before, so it is
// the account owner's alone, in the team workspace, never an assistant's.
func rulePeopleRecover(j judge, t Target) Decision {
	if j.a.Workspace.Kind != WSTeam || !j.a.Actor.IsOwner() {
		return deny("only the account owner recovers an account whose keys were all lost")
	}
	if t.Person == nil {
		return deny("name the person")
	}
	if d := j.authorityOver(*t.Person, false); !d.Allowed {
		return d
	}
	if !signedIn(j.tx, *t.Person) {
		return deny("%s has never signed in: send an invitation instead", t.Person.Name)
	}
	return allow("you are the account owner")
}

// signedIn reports whether p ever had a key bound: a key now, or an
// invitation redeemed.
func signedIn(tx Tx, p Person) bool {
	if len(p.Keys) > 0 {
		return true
	}
	used := false
	err := tx.Scan(colInvitations, Query{Index: "person", Prefix: p.ID.Key() + "/"}, func(_ string, id ID) (bool, error) {
		inv, err := get[Invitation](tx, colInvitations, id)
		if err != nil {
			return false, err
		}
		used = !inv.Redeemed.IsZero()
		return !used, nil
	})
	return used || err != nil // unreadable: assume the worst, no first invitation
}

// rulePairingShow: pairing managers see any; a coach sees their own silo;
// a client sees their own coaches (never view-only, R14).
func rulePairingShow(j judge, t Target) Decision {
	if j.a.Workspace.Kind == WSMe {
		if t.Client == nil || t.Client.ID == j.a.Actor.ID {
			return allow("these are your own coaches")
		}
		return deny("your portal shows only your own coaches")
	}
	if !j.teamish() {
		return deny("pairings are not shown %s", j.where())
	}
	if j.a.Has(PermManagePairings) || j.a.Has(PermViewAllClients) {
		return allow("%s may see every pairing", j.whose())
	}
	if t.Coach != nil && t.Coach.ID == j.a.Principal.ID {
		return allow("these are %s's own clients", j.a.Principal.Name)
	}
	if t.Client != nil && j.level(t.Client) >= LevelView {
		return allow("%s have access to %s", j.whose(), t.Client.Name)
	}
	return deny("seeing others' pairings needs manage_pairings")
}

func rulePermsShow(j judge, t Target) Decision {
	if t.Person != nil && t.Person.ID == j.a.Actor.ID && j.a.Workspace.Kind == WSTeam {
		return allow("these are your own permissions")
	}
	if !j.teamish() {
		return deny("permissions are shown in the team workspace")
	}
	if j.a.Has(PermManageCoaches) {
		return allow("%s hold manage_coaches", j.whose())
	}
	if t.Person != nil && t.Person.ID == j.a.Principal.ID {
		return allow("these are %s's own permissions", j.a.Principal.Name)
	}
	return deny("seeing others' permissions needs manage_coaches")
}

// rulePermsChange (R17, R18): manage_admins for administrative permissions,
// manage_coaches for coaching ones; the owner's permissions never change.
func rulePermsChange(j judge, t Target) Decision {
	if !j.teamish() {
		return deny("permissions are changed in the team workspace")
	}
	p := t.Person
	if p == nil {
		return deny("name the person")
	}
	if p.IsOwner() {
		return deny("nobody may change the account owner's permissions") // R18
	}
	if !p.IsTeam() {
		return deny("%s is not a team member; only team members hold team permissions", p.Name)
	}
	if t.Perm.IsAdmin() {
		if j.a.Has(PermManageAdmins) {
			return allow("%s hold manage_admins", j.whose())
		}
		return deny("changing administrative permissions needs manage_admins") // R17
	}
	if j.a.Has(PermManageCoaches) {
		return allow("%s hold manage_coaches", j.whose())
	}
	return deny("changing coaching permissions needs manage_coaches")
}

// ruleContactsList: who can act for a client — the team with access, and
// the client themself (R54). Contacts do not see each other.
func ruleContactsList(j judge, t Target) Decision {
	switch j.a.Workspace.Kind {
	case WSMe:
		if ok, d := j.forOwnClient(t.Client); !ok {
			return d
		}
		return allow("you may see who acts for you") // R54
	case WSContact:
		return deny("contacts do not see a client's other contacts")
	}
	if t.Client == nil || j.a.Has(PermManageClients) || j.level(t.Client) >= LevelView {
		return allow("the team sees the contacts of clients it has access to")
	}
	return deny("%s have no access to %s", j.whose(), t.Client.Name)
}

// ruleContactsManage (R33): manage_clients, or manage_own_clients as primary.
func ruleContactsManage(j judge, t Target) Decision {
	if !j.teamish() {
		return deny("links are set by the client's admins, not %s", j.where()) // R33
	}
	if j.a.Has(PermManageClients) {
		return allow("%s hold manage_clients", j.whose())
	}
	if t.Client == nil && j.a.Has(PermManageOwnClients) && j.a.Principal.IsCoach() {
		// asked before a client is named (a screen offering the form)
		return allow("%s hold manage_own_clients, which covers the clients %s is primary for", j.whose(), j.a.Principal.Name)
	}
	if j.a.Has(PermManageOwnClients) && j.isPrimary(t.Client) {
		return allow("%s hold manage_own_clients and are %s's primary coach", j.whose(), t.Client.Name)
	}
	return deny("setting a client's contacts needs manage_clients, or manage_own_clients as their primary coach") // R33
}

// ruleNotifications (R45): a team member's own settings; an assistant edits
// the practitioner's, but never turns SMS on.
func ruleNotifications(j judge, t Target) Decision {
	switch j.a.Workspace.Kind {
	case WSTeam:
		return allow("these are your own notification settings")
	case WSAssistant:
		if t.Channel == "sms" {
			return deny("SMS notifications are not available to assistants") // R45
		}
		return allow("you manage %s's notifications, shared with their other assistants", j.a.Principal.Name) // R45
	}
	return allow("these are your own notification settings")
}

// ruleAudit (R60, R54): manage_admins reads all; others read what concerns
// them (filtered by the use case).
func ruleAudit(j judge, _ Target) Decision {
	if j.a.Workspace.Kind == WSTeam && j.a.Has(PermManageAdmins) {
		return allow("you hold manage_admins and read the whole log")
	}
	return allow("you read the entries that concern you")
}
