package domain

import (
	"strconv"
	"strings"
	"time"
)

// How an audit entry reads for people (R60: what changed): screens and
// the text output of `audit list` say it in words; the entry's action id
// and workspace id stay in --json.

// Summary is what the entry's actor did, as the rest of a sentence that
// starts with their name: "granted invoice_own to mira", "changed john's
// access to alex from none to view-only".
func (e AuditEntry) Summary() string {
	t, d := e.Target, e.Detail
	with := func(s string) string {
		if d == "" {
			return s
		}
		return s + ": " + d
	}
	switch e.Action {
	case ActPeopleAdd:
		if rest, ok := strings.CutPrefix(d, "added "); ok {
			return "added " + t + " " + rest
		}
		return with("added " + t)
	case ActPeopleInvite:
		s := "made an invitation for " + t
		if until, ok := strings.CutPrefix(d, "invitation valid until "); ok {
			s += ", valid until " + wallTime(until)
		}
		return s
	case ActPeopleRecover:
		s := "made a recovery code for " + t
		if rest, ok := strings.CutPrefix(d, "recovery code valid until "); ok {
			until, more, _ := strings.Cut(rest, "; ")
			s = joinComma(s+", valid until "+wallTime(until), more)
		}
		return s
	case "invite.redeem":
		how := "an invitation"
		if rest, ok := strings.CutPrefix(d, "recovery: "); ok {
			how, d = "a recovery code", rest
		}
		key, told, _ := strings.Cut(d, "; ")
		return joinComma("bound "+strings.Replace(key, "key ", "the key ", 1)+" with "+how, told)
	case ActOwnerKeyRestore:
		if rest, ok := strings.CutPrefix(d, "bound to "); ok {
			return "on the server's machine, bound " + strings.Replace(t, "key ", "the key ", 1) + " to " + rest
		}
		return with("bound " + t)
	case ActPeopleDeactivate:
		return "deactivated " + t
	case ActPeopleReactivate:
		return "reactivated " + t
	case ActPeopleDelete:
		if strings.HasPrefix(d, "deleted ") {
			return d
		}
		return "deleted " + t
	case ActPeopleEdit:
		if rest, ok := strings.CutPrefix(d, "now "); ok {
			return "made " + t + " " + rest
		}
		return with("changed " + t)
	case ActPairingSet:
		coach, client, _ := strings.Cut(t, " → ")
		levels, more, _ := strings.Cut(strings.TrimPrefix(d, "level "), "; ")
		from, to, ok := strings.Cut(levels, " → ")
		if !ok {
			return with("changed the pairing of " + t)
		}
		s := "changed " + coach + "'s access to " + client + " from " + levelWord(from) + " to " + levelWord(to)
		if demoted, ok := strings.CutSuffix(more, " primary → coaching"); ok {
			s += "; " + demoted + " is no longer primary and keeps coaching access"
		}
		return s
	case ActPermsGrant:
		return "granted " + list(d) + " to " + t
	case ActPermsRevoke:
		return "revoked " + list(d) + " from " + t
	case ActContactsLink, ActContactsSet:
		contact, client, _ := strings.Cut(t, " for ")
		verb := "linked " + contact + " to act for " + client
		if e.Action == ActContactsSet {
			verb = "changed " + contact + "'s link to " + client
		}
		return verb + ": " + linkWords(d)
	case ActContactsUnlink:
		contact, client, _ := strings.Cut(t, " for ")
		return "unlinked " + contact + " from " + client
	case ActAssistantsLink:
		as, pr, _ := strings.Cut(t, " for ")
		s := "let " + as + " manage " + pr
		if strings.Contains(d, "admin-level") {
			s += ", with admin-level access"
		}
		return s
	case ActAssistantsUnlink:
		as, pr, _ := strings.Cut(t, " for ")
		return "stopped " + as + " managing " + pr
	case ActSessionsBook:
		return joinSpace("booked "+t, d)
	case ActSessionsReschedule:
		return joinSpace("moved "+t, d)
	case ActSessionsCancel:
		return joinSpace("cancelled "+t, d)
	case ActSessionsComplete:
		return "marked " + t + " " + strings.TrimPrefix(d, "marked ")
	case ActPackagesDefine:
		return with("added " + t)
	case ActPackagesAssign:
		return with("assigned " + t)
	case ActPackagesReassign:
		return with("reassigned " + t)
	case ActInvoicesIssue:
		return with("issued " + t)
	case ActInvoicesPay:
		return with("paid on " + t)
	case ActInvoicesVoid:
		return "voided " + t + strings.TrimPrefix(d, "voided ")
	case ActNotesAdd:
		return "wrote private " + t
	case ActProgressAdd:
		return joinSpace("wrote "+t, d)
	case ActProgressApprove:
		if d == "withdrawn from contacts" {
			return "withdrew " + t + " from contacts"
		}
		return "shared " + t + " with contacts"
	case ActCommentsAdd:
		return "added " + t
	case ActMessagesSend:
		return "sent " + strings.Replace(t, " with ", " in the conversation with ", 1)
	case ActTasksAdd:
		return joinComma("added "+t, d)
	case ActTasksDone:
		return "marked " + t + " done"
	case ActActionsAdd:
		return joinComma("assigned "+strings.Replace(t, " for ", " to ", 1), d)
	case ActActionsEdit:
		return "changed " + strings.TrimPrefix(d, "changed ") + " of " + t
	case ActActionsDone:
		return joinComma("marked "+t+" done", d)
	case ActActionsReopen:
		return "reopened " + t
	case ActMetricsDefine:
		return joinComma("set up "+strings.Replace(t, " for ", " to track for ", 1), d)
	case ActMetricsRecord:
		return "recorded " + d + " in " + t
	case ActGroupsAdd:
		return joinComma("created the "+t, d)
	case ActGroupsEdit:
		return with("changed the " + t)
	case ActGroupsDelete:
		return "deleted the " + t
	case ActGroupsPost:
		return "wrote " + t
	case ActSessionsWithdraw:
		return joinSpace("withdrew "+t, d)
	case ActNotificationsSet:
		key, on, _ := strings.Cut(d, " ")
		event, channel, _ := strings.Cut(key, "/")
		return "turned " + strings.ReplaceAll(event, "_", " ") + " by " + channel + " " + on + " for " + t
	case ActInboxRead:
		return "marked " + inboxCount(d) + " read"
	case ActProfileEdit:
		return with("changed their own account")
	case ActKeyAdd:
		return "added an SSH key, to be proved by signing in with it"
	case ActKeyRemove:
		return "removed " + strings.Replace(t, "key ", "SSH key ", 1)
	case ActAccount:
		return with("changed the subscription")
	case ActTwoFactor: // twofactor.go: the detail says what happened
		if d == "" {
			return "changed their two-factor sign-in"
		}
		return d
	case ActBrandingSet:
		return with("changed the branding")
	case ActTermsSet:
		return with("saved " + t)
	case ActTermsAccept:
		return joinSpace("accepted "+t, d)
	case ActTwoFactorReset:
		return "took the second factor of " + t + " off"
	case "org.create":
		return "created the organisation " + t + strings.TrimPrefix(d, "organisation created")
	}
	return with("changed " + t)
}

// WorkspaceWords says where something was done, for people: "in the
// team", "as rob's assistant", "as a contact of alex".
func WorkspaceWords(id string) string {
	kind, subject, _ := strings.Cut(id, ":")
	switch WorkspaceKind(kind) {
	case WSTeam:
		return "in the team"
	case WSMe:
		return "in their own portal"
	case WSContact:
		return "as a contact of " + subject
	case WSAssistant:
		return "as " + subject + "'s assistant"
	}
	if id == "account" {
		return "on their own account"
	}
	return ""
}

func levelWord(l string) string {
	if l == "view" {
		return "view-only"
	}
	return l
}

// list is "a, b and c" from "a,b,c".
func list(csv string) string {
	parts := strings.Split(csv, ",")
	for i := range parts {
		parts[i] = strings.TrimSpace(parts[i])
	}
	if len(parts) < 2 {
		return strings.Join(parts, "")
	}
	return strings.Join(parts[:len(parts)-1], ", ") + " and " + parts[len(parts)-1]
}

// linkWords is a link's detail ("permissions: a,b; expires D") in words.
func linkWords(d string) string {
	perms, exp, _ := strings.Cut(strings.TrimPrefix(d, "permissions: "), "; expires ")
	s := list(perms)
	if perms == "none" || perms == "" {
		s = "no permissions"
	}
	if exp != "" {
		s += ", last day " + exp
	}
	return s
}

// wallTime shows an RFC 3339 time as the organisation's wall time it
// carries ("2026-11-30 10:00"); anything else as it is.
func wallTime(s string) string {
	if t, err := time.Parse(time.RFC3339, s); err == nil {
		return t.Format(WallLayout)
	}
	return s
}

func joinSpace(a, b string) string {
	if b == "" {
		return a
	}
	return a + " " + b
}

func joinComma(a, b string) string {
	if b == "" {
		return a
	}
	return a + ", " + b
}

// inboxCount is "2 inbox items" from "2 marked read".
func inboxCount(d string) string {
	n, err := strconv.Atoi(strings.TrimSuffix(d, " marked read"))
	if err != nil {
		return "the inbox items"
	}
	return Plural(n, "inbox item", "inbox items")
}
