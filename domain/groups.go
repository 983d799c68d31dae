package domain

import (
	"slices"
	"strings"
	"time"
)

// Groups (R22): group coaching. A group has a handle, a name, one or more
// team coaches and client members. A team coach creates groups they
// coach, with members among the clients they have coaching access to;
// manage_group_members lets them add other team coaches to their own
// groups (R15); manage_groups creates, edits and deletes any group and
// sets anyone's membership, but does not by itself read what happens in a
// group (its discussion, group_posts.go, and its sessions,
// group_sessions.go); view_all_groups reads every group (R16). Members
// see the group's coaches and fellow members by name, never each other's
// files; a group coach not paired with a member sees the group, not the
// member's file. Contacts never see a group's discussion (R23, R31).

const colGroups Collection = "groups"

const (
	ActGroupsList   Action = "groups.list"
	ActGroupsShow   Action = "groups.show"
	ActGroupsAdd    Action = "groups.add"
	ActGroupsEdit   Action = "groups.edit"
	ActGroupsDelete Action = "groups.delete"
)

// Bounds on groups.
const (
	MaxGroupCoaches = 10
	MaxGroupMembers = 200
)

// AsMember is the role a group's client member is seen in, in the group.
const AsMember Capacity = "member"

// Group is one coaching group.
type Group struct {
	ID      ID        `json:"id"`
	Handle  string    `json:"handle"`
	Name    string    `json:"name"`
	Coaches []ID      `json:"coaches"`
	Members []ID      `json:"members"`
	Created time.Time `json:"created"`
}

func (g *Group) hasCoach(id ID) bool  { return slices.Contains(g.Coaches, id) }
func (g *Group) hasMember(id ID) bool { return slices.Contains(g.Members, id) }

// Indexes: the handle (unique), and each coach and member, so a person's
// groups are read without reading every group.
func groupIndexes(g *Group) []Index {
	idx := []Index{{Name: "handle", Key: g.Handle, Unique: true}}
	for _, c := range g.Coaches {
		idx = append(idx, Index{Name: "coach", Key: pairKey(c, g.ID)})
	}
	for _, m := range g.Members {
		idx = append(idx, Index{Name: "member", Key: pairKey(m, g.ID)})
	}
	return idx
}

func saveGroup(tx Tx, g *Group) error {
	if err := newID(tx, colGroups, &g.ID); err != nil {
		return err
	}
	if err := tx.Put(colGroups, g.ID, g, groupIndexes(g)...); err != nil {
		if KindOf(err) == KindConflict {
			return inField("handle", conflictf("a group already has the handle %q; pick another", g.Handle))
		}
		return err
	}
	return nil
}

func loadGroup(tx Tx, id ID) (Group, error) { return get[Group](tx, colGroups, id) }

// noGroup is the answer for a group handle that names no group this
// workspace may know of.
func noGroup(handle string) error {
	return notFoundf("no group has the handle %q", clip(handle, MaxHandleLen))
}

// groupsOf lists the groups a person is in under index (coach, member).
func groupsOf(tx Tx, index string, person ID) ([]Group, error) {
	return all[Group](tx, colGroups, Query{Index: index, Prefix: person.Key() + "/"})
}

// --- what a workspace may know of a group

// coachesGroup: the principal (the practitioner, for an assistant) is one
// of g's coaches.
func (j judge) coachesGroup(g *Group) bool {
	return j.teamish() && g != nil && g.hasCoach(j.a.Principal.ID)
}

// inGroup: a client's own portal whose client is one of g's members.
func (j judge) inGroup(g *Group) bool {
	return j.a.Workspace.Kind == WSMe && g != nil && g.hasMember(j.a.Principal.ID)
}

// SeesEveryGroup reports whether a sees every group of the organisation
// (manage_groups, view_all_groups, in the team), not only those it coaches
// or belongs to: ListGroups lists them all, and a screen says so.
func (a Access) SeesEveryGroup() bool {
	return a.Teamish() && (a.Has(PermManageGroups) || a.Has(PermViewAllGroups))
}

// seesGroup decides whether this workspace may know g exists: its coaches
// (and their assistants), manage_groups and view_all_groups, its members
// in their portal, and a contact of a member (who sees the member's group
// sessions in their schedule, never the group itself).
func (j judge) seesGroup(g *Group) bool {
	switch {
	case j.coachesGroup(g), j.inGroup(g):
		return true
	case j.teamish():
		return j.a.SeesEveryGroup()
	case j.a.Workspace.Kind == WSContact:
		return g.hasMember(j.a.Principal.ID)
	}
	return false
}

// group loads a group by handle — only one this workspace may know of;
// any other answers exactly as a handle no group has.
func (o *op) group(handle string) (Group, error) {
	h := strings.ToLower(strings.TrimSpace(strings.TrimPrefix(handle, "@")))
	if h == "" {
		return Group{}, invalidf("name the group by its handle")
	}
	id, err := o.tx.Lookup(colGroups, "handle", h)
	if KindOf(err) == KindNotFound {
		return Group{}, noGroup(handle)
	}
	if err != nil {
		return Group{}, err
	}
	g, err := loadGroup(o.tx, id)
	if err != nil {
		return g, err
	}
	if !o.judge().seesGroup(&g) {
		return Group{}, noGroup(handle)
	}
	return g, nil
}

// --- rules

// ruleGroupsList: the team lists the groups it may know of; a client their
// own; contacts never (R23, R31).
func ruleGroupsList(j judge, _ Target) Decision {
	switch j.a.Workspace.Kind {
	case WSContact:
		return deny("groups are coaching work, never shown to contacts; a group session shows in the client's schedule") // R23, R31
	case WSMe:
		return allow("these are the groups you are in")
	}
	return allow("the team sees the groups it coaches, or every group with manage_groups or view_all_groups")
}

// ruleGroupsShow: a group's coaches and members, manage_groups and
// view_all_groups see who is in it.
func ruleGroupsShow(j judge, t Target) Decision {
	switch {
	case j.a.Workspace.Kind == WSContact:
		return deny("groups are coaching work, never shown to contacts; a group session shows in the client's schedule") // R23, R31
	case j.inGroup(t.Group):
		return allow("you are a member of this group")
	case j.coachesGroup(t.Group):
		return allow("%s coach this group", j.whose())
	case j.a.SeesEveryGroup():
		return allow("%s may see every group", j.whose())
	}
	return deny("only the group's coaches and members see it")
}

// ruleGroupsAdd: manage_groups, or a team coach creating a group they
// coach (the use case checks the coaches and members it names).
func ruleGroupsAdd(j judge, _ Target) Decision {
	switch {
	case !j.teamish():
		return deny("groups are set up by the team, not %s", j.where())
	case j.a.Has(PermManageGroups):
		return allow("%s hold manage_groups", j.whose())
	case j.a.Principal.IsCoach():
		return allow("a team coach creates groups they coach")
	}
	return deny("creating groups needs manage_groups, or being a team coach who coaches the group")
}

// ruleGroupsChange: edit or delete — manage_groups, or a coach of the
// group (its own coaches; adding or removing coaches needs
// manage_group_members too, decided by the use case).
func ruleGroupsChange(what string) rule {
	return func(j judge, t Target) Decision {
		switch {
		case !j.teamish():
			return deny("groups are %s by the team, not %s", what, j.where())
		case j.a.Has(PermManageGroups):
			return allow("%s hold manage_groups", j.whose())
		case j.coachesGroup(t.Group):
			return allow("%s coach this group", j.whose())
		}
		return deny("a group is %s by its coaches or with manage_groups", what)
	}
}

// --- views

// GroupView is a group as a workspace sees it: its coaches and members by
// name (R22), and what may be done with it here.
type GroupView struct {
	Group   Group
	Coaches []Party
	Members []Party
	// ReadHappenings: this workspace may read the discussion and sessions.
	ReadHappenings, Post, Edit, Delete bool
	// EditCoaches: may add and remove coaches (manage_group_members or
	// manage_groups); AddMembers: may add clients (some of them).
	EditCoaches bool
}

// groupParty is person id as shown in a group's views: the group's
// coaches, members and authors are seen by name by everyone who sees the
// group (R22) — a member who left keeps what they posted, attributed — in
// the role they have there; someone deleted appears as the organisation
// to a client and as "(deleted person)" to the team.
func (v *practiceView) groupParty(g *Group, id, behalf ID) Party {
	p, ok := v.load(id)
	if !ok {
		if v.sight != 0 {
			return v.organisation()
		}
		return Party{ID: id, Handle: "(deleted)", Name: "(deleted person)"}
	}
	pt := Party{ID: p.ID, Handle: p.Handle, Name: p.Name}
	switch {
	case behalf != 0:
		pt.As = AsAssistant
		f := v.groupParty(g, behalf, 0)
		pt.For = &f
	case g.hasCoach(p.ID) || p.IsCoach():
		pt.As = AsCoach
	case p.IsTeam():
		pt.As = AsStaff
	default:
		pt.As = AsMember
	}
	return pt
}

func (v *practiceView) group(g Group) GroupView {
	gv := GroupView{Group: g}
	for _, c := range g.Coaches {
		gv.Coaches = append(gv.Coaches, v.groupParty(&g, c, 0))
	}
	for _, m := range g.Members {
		gv.Members = append(gv.Members, v.groupParty(&g, m, 0))
	}
	t := Target{Group: &g}
	gv.ReadHappenings = v.o.allowed(ActGroupsPosts, t)
	gv.Post = v.o.allowed(ActGroupsPost, t)
	gv.Edit = v.o.allowed(ActGroupsEdit, t)
	gv.Delete = v.o.allowed(ActGroupsDelete, t)
	gv.EditCoaches = gv.Edit && v.o.mayEditCoaches()
	return gv
}

// mayEditCoaches: adding or removing a group's coaches needs manage_groups,
// or manage_group_members for a group one coaches (R15, R16).
func (o *op) mayEditCoaches() bool {
	return o.a.Has(PermManageGroups) || o.a.Has(PermManageGroupMembers)
}

// --- use cases

// GroupFilter pages the groups list in handle order.
type GroupFilter struct {
	After string // the handle the page starts after
	Limit int
}

// ListGroups lists the groups this workspace may know of, in handle
// order: every group for manage_groups and view_all_groups, the groups
// the principal coaches for the rest of the team (an assistant: their
// practitioner's), the groups a client is in.
func (s *Service) ListGroups(who Who, f GroupFilter) ([]GroupView, error) {
	var out []GroupView
	err := s.read(who, func(o *op) error {
		if err := o.authorize(ActGroupsList, Target{}); err != nil {
			return err
		}
		limit := pageSize(f.Limit)
		var gs []Group
		if o.a.SeesEveryGroup() {
			q := Query{Index: "handle"}
			if f.After != "" {
				q.After = f.After
			}
			err := each(o.tx, colGroups, q, func(g Group) (bool, error) {
				gs = append(gs, g)
				return len(gs) < limit, nil
			})
			if err != nil {
				return err
			}
		} else {
			index := "coach"
			if !o.a.Teamish() {
				index = "member"
			}
			mine, err := groupsOf(o.tx, index, o.a.Principal.ID)
			if err != nil {
				return err
			}
			slices.SortFunc(mine, func(a, b Group) int { return strings.Compare(a.Handle, b.Handle) })
			for _, g := range mine {
				if g.Handle > f.After && len(gs) < limit {
					gs = append(gs, g)
				}
			}
		}
		v := o.newViewer()
		for _, g := range gs {
			out = append(out, v.group(g))
		}
		return nil
	})
	return out, err
}

// ShowGroup returns one group with its coaches and members.
func (s *Service) ShowGroup(who Who, handle string) (GroupView, error) {
	var out GroupView
	err := s.read(who, func(o *op) error {
		g, err := o.group(handle)
		if err != nil {
			return err
		}
		if err := o.authorize(ActGroupsShow, Target{Group: &g}); err != nil {
			return err
		}
		out = o.newViewer().group(g)
		return nil
	})
	return out, err
}

// NewGroup is what `groups add` and the group form collect.
type NewGroup struct {
	Handle  string
	Name    string
	Coaches []string // handles; empty: the principal, a team coach
	Members []string // client handles
}

// AddGroup creates a group (R22).
func (s *Service) AddGroup(who Who, in NewGroup) (GroupView, error) {
	var out GroupView
	err := s.write(who, func(o *op) error {
		if err := o.authorize(ActGroupsAdd, Target{}); err != nil {
			return err
		}
		h := strings.ToLower(strings.TrimSpace(strings.TrimPrefix(in.Handle, "@")))
		if err := ValidHandle(h); err != nil {
			return inField("handle", err)
		}
		name, err := cleanNameLine("the group's name", in.Name, false)
		if err != nil {
			return inField("name", err)
		}
		g := Group{Handle: h, Name: name, Created: o.now}
		coaches := in.Coaches
		if len(coaches) == 0 && o.a.Principal.IsCoach() {
			coaches = []string{o.a.Principal.Handle}
		}
		if err := o.addCoaches(&g, coaches); err != nil {
			return err
		}
		if len(g.Coaches) == 0 {
			return inField("coach", invalidf("a group needs a coach: add --coach H"))
		}
		if !o.a.Has(PermManageGroups) && !g.hasCoach(o.a.Principal.ID) {
			return deniedf("a team coach creates groups they coach: add yourself as a coach, or ask someone with manage_groups") // R22
		}
		if err := o.addMembers(&g, in.Members); err != nil {
			return err
		}
		if err := saveGroup(o.tx, &g); err != nil {
			return err
		}
		o.touchGroup(g, true)
		out = o.newViewer().group(g)
		if err := o.tellJoined(g, append(slices.Clone(g.Coaches), g.Members...)); err != nil {
			return err
		}
		return o.audit(ActGroupsAdd, record{Target: "group " + g.Handle, Detail: o.groupWords(g)})
	})
	return out, err
}

// addCoaches adds team coaches to g by handle. Anyone but the one acting
// needs manage_group_members (a coach's own group) or manage_groups (R15).
func (o *op) addCoaches(g *Group, handles []string) error {
	for _, h := range handles {
		c, err := o.person(h)
		if err != nil {
			return inField("coach", err)
		}
		if g.hasCoach(c.ID) {
			continue
		}
		if !c.IsCoach() {
			return inField("coach", invalidf("%s is not a team coach in the pairing pool, so cannot coach a group", c.Handle)) // R10
		}
		if !c.Active() {
			return inField("coach", conflictf("%s is deactivated and cannot coach a group", c.Handle))
		}
		if c.ID != o.a.Principal.ID && !o.mayEditCoaches() {
			return deniedf("adding other coaches to a group needs manage_group_members; %s do not hold it", o.judge().whose()) // R15
		}
		if len(g.Coaches) == MaxGroupCoaches {
			return inField("coach", invalidf("a group has at most %d coaches", MaxGroupCoaches))
		}
		g.Coaches = append(g.Coaches, c.ID)
	}
	return nil
}

// addMembers adds clients to g by handle: with manage_groups anyone;
// otherwise clients the principal has coaching access to (R13, R22).
func (o *op) addMembers(g *Group, handles []string) error {
	for _, h := range handles {
		c, err := o.client(h)
		if err != nil {
			return inField("member", err)
		}
		if g.hasMember(c.ID) {
			continue
		}
		if !o.a.Has(PermManageGroups) && o.judge().level(&c) < LevelCoaching {
			return deniedf("a group's coach adds members among the clients %s coach; %s is not one (or ask someone with manage_groups)", o.judge().whose(), c.Name) // R22
		}
		if len(g.Members) == MaxGroupMembers {
			return inField("member", invalidf("a group has at most %d members", MaxGroupMembers))
		}
		g.Members = append(g.Members, c.ID)
	}
	return nil
}

// groupWords is who is in g, for the audit: "coaches rob, mira; members jane, alex".
func (o *op) groupWords(g Group) string {
	return "coaches " + o.handles(g.Coaches) + "; members " + o.handles(g.Members)
}

func (o *op) handles(ids []ID) string {
	if len(ids) == 0 {
		return "none"
	}
	hs := make([]string, 0, len(ids))
	for _, id := range ids {
		if p, err := o.loadPerson(id); err == nil {
			hs = append(hs, p.Handle)
		}
	}
	return strings.Join(hs, ", ")
}

// touchGroup tells the screens of a group's coaches and members (and
// their assistants) that it changed. Who is in a group also shows on the
// screens of manage_groups and view_all_groups (shaped tells the team
// feed, a rare change); a post reaches only the group's own people, since
// every team session listens to the team feed.
func (o *op) touchGroup(g Group, shaped bool) {
	for _, id := range append(slices.Clone(g.Coaches), g.Members...) {
		o.touchRelatedID(id)
	}
	if shaped {
		o.touchTeam()
	}
}

// tellJoined tells people they were added to g.
func (o *op) tellJoined(g Group, ids []ID) error {
	return o.notifyGroup(g, say(o.groupActor(g)+" added you to the group "+g.Name+"."), ids...)
}

// groupActor names the one acting as the group's members see them: by
// name, in their role in the group (R22), since a member may not see a
// coach of the group who does not coach them, nor a fellow member,
// outside it.
func (o *op) groupActor(g Group) string {
	return o.viewerFor(0).groupParty(&g, o.a.Actor.ID, o.a.OnBehalfOf()).Label()
}

// notifyGroup tells recipients about something in g by their settings
// (group_activity): a member in their portal, a coach in the team.
func (o *op) notifyGroup(g Group, w []Word, recipients ...ID) error {
	return o.notifyScoped(EventGroupActivity, 0, recipients, w, func(r Person) string {
		if g.hasMember(r.ID) && r.Client && !g.hasCoach(r.ID) {
			return string(WSMe)
		}
		return personalScope(r)
	})
}

// GroupEdit changes a group; empty parts stay as they are.
type GroupEdit struct {
	Name                      *string
	AddCoaches, RemoveCoaches []string
	AddMembers, RemoveMembers []string
}

// EditGroup renames a group or changes who is in it. Adding or removing
// coaches needs manage_group_members (a group one coaches) or
// manage_groups; a group keeps at least one coach; a member who leaves is
// withdrawn from the group's upcoming sessions and keeps what they posted.
func (s *Service) EditGroup(who Who, handle string, in GroupEdit) (GroupView, error) {
	var out GroupView
	err := s.write(who, func(o *op) error {
		g, err := o.group(handle)
		if err != nil {
			return err
		}
		if err := o.authorize(ActGroupsEdit, Target{Group: &g}); err != nil {
			return err
		}
		if in.Name == nil && len(in.AddCoaches)+len(in.RemoveCoaches)+len(in.AddMembers)+len(in.RemoveMembers) == 0 {
			return invalidf("say what to change: the name, or coaches or members to add or remove")
		}
		before := g
		before.Coaches, before.Members = slices.Clone(g.Coaches), slices.Clone(g.Members)
		var changed []string
		if in.Name != nil {
			name, err := cleanNameLine("the group's name", *in.Name, false)
			if err != nil {
				return inField("name", err)
			}
			if name != g.Name {
				g.Name, changed = name, append(changed, "name "+name)
			}
		}
		if len(in.AddCoaches)+len(in.RemoveCoaches) > 0 && !o.mayEditCoaches() {
			return deniedf("adding or removing a group's coaches needs manage_group_members; %s do not hold it", o.judge().whose()) // R15
		}
		if err := o.addCoaches(&g, in.AddCoaches); err != nil {
			return err
		}
		for _, h := range in.RemoveCoaches {
			c, err := o.inGroupPerson(g, h, g.hasCoach, "coach")
			if err != nil {
				return err
			}
			if err := o.refuseIfHolding(g, c); err != nil {
				return err
			}
			g.Coaches = slices.DeleteFunc(g.Coaches, func(id ID) bool { return id == c.ID })
		}
		if len(g.Coaches) == 0 {
			return inField("remove-coach", conflictf("a group keeps at least one coach; add another before removing the last"))
		}
		if err := o.addMembers(&g, in.AddMembers); err != nil {
			return err
		}
		var left []ID
		for _, h := range in.RemoveMembers {
			m, err := o.inGroupPerson(g, h, g.hasMember, "member")
			if err != nil {
				return err
			}
			g.Members = slices.DeleteFunc(g.Members, func(id ID) bool { return id == m.ID })
			left = append(left, m.ID)
		}
		if added, removed := diffIDs(before.Coaches, g.Coaches); len(added)+len(removed) > 0 {
			changed = append(changed, "coaches "+o.handles(g.Coaches))
		}
		if added, removed := diffIDs(before.Members, g.Members); len(added)+len(removed) > 0 {
			changed = append(changed, "members "+o.handles(g.Members))
		}
		if len(changed) == 0 {
			return conflictf("the group %s already is so; nothing changed", g.Handle)
		}
		if err := saveGroup(o.tx, &g); err != nil {
			return err
		}
		for _, m := range left {
			if err := o.leaveGroupSessions(g, m); err != nil {
				return err
			}
		}
		o.touchGroup(before, true)
		o.touchGroup(g, true)
		out = o.newViewer().group(g)
		addedC, _ := diffIDs(before.Coaches, g.Coaches)
		addedM, _ := diffIDs(before.Members, g.Members)
		if err := o.tellJoined(g, append(addedC, addedM...)); err != nil {
			return err
		}
		return o.audit(ActGroupsEdit, record{Target: "group " + g.Handle, Detail: strings.Join(changed, "; ")})
	})
	return out, err
}

// inGroupPerson resolves a handle among g's coaches or members (in says
// which): someone in the group is named even where the workspace would not
// otherwise see them (a member a coach does not coach); anyone else
// answers as in o.person.
func (o *op) inGroupPerson(g Group, handle string, in func(ID) bool, field string) (Person, error) {
	p, err := personByHandle(o.tx, handle)
	if err == nil && in(p.ID) {
		return p, nil
	}
	if p, err = o.person(handle); err != nil {
		return p, inField("remove-"+field, err)
	}
	return p, inField("remove-"+field, invalidf("%s is not a %s of the group %s", p.Handle, field, g.Handle))
}

// diffIDs is what b has that a has not, and what a has that b has not.
func diffIDs(a, b []ID) (added, removed []ID) {
	for _, id := range b {
		if !slices.Contains(a, id) {
			added = append(added, id)
		}
	}
	for _, id := range a {
		if !slices.Contains(b, id) {
			removed = append(removed, id)
		}
	}
	return added, removed
}

// DeleteGroup removes a group, its discussion and its upcoming sessions
// (cancelled, everyone told); confirm repeats the handle. Past group
// sessions stay in the members' files.
func (s *Service) DeleteGroup(who Who, handle, confirm string) error {
	return s.write(who, func(o *op) error {
		g, err := o.group(handle)
		if err != nil {
			return err
		}
		if err := o.authorize(ActGroupsDelete, Target{Group: &g}); err != nil {
			return err
		}
		if strings.ToLower(strings.TrimSpace(confirm)) != g.Handle {
			return inField("confirm", invalidf("deleting the group %s removes its discussion and cancels its upcoming sessions; confirm by typing its handle: --confirm %s", g.Handle, g.Handle))
		}
		if err := o.cancelGroupSessions(g); err != nil {
			return err
		}
		if err := deleteGroupPosts(o.tx, g.ID); err != nil {
			return err
		}
		if err := o.tx.Delete(colGroups, g.ID); err != nil {
			return err
		}
		o.touchGroup(g, true)
		return o.audit(ActGroupsDelete, record{Target: "group " + g.Handle, Detail: "deleted " + g.Name})
	})
}

// refuseIfCoachingGroups keeps every group with an active pool coach: a
// coach who coaches a group cannot be deactivated, deleted or made staff
// until the group has another coach (R10, R22), as R11 keeps primaries.
func (o *op) refuseIfCoachingGroups(p Person, verb string) error {
	gs, err := groupsOf(o.tx, "coach", p.ID)
	if err != nil || len(gs) == 0 {
		return err
	}
	names := make([]string, len(gs))
	for i, g := range gs {
		names[i] = g.Handle
	}
	return conflictf("cannot %s %s: they coach %s (%s); give each another coach and remove them first",
		verb, p.Handle, Plural(len(gs), "group", "groups"), strings.Join(names, ", "))
}

// A deleted client leaves every group they were in; what they posted goes
// with them (R19: a client's records are removed).
func init() {
	onDelete = append(onDelete, func(o *op, p Person) error {
		if !p.Client {
			return nil
		}
		gs, err := groupsOf(o.tx, "member", p.ID)
		if err != nil {
			return err
		}
		for _, g := range gs {
			g.Members = slices.DeleteFunc(g.Members, func(id ID) bool { return id == p.ID })
			if err := saveGroup(o.tx, &g); err != nil {
				return err
			}
			o.touchGroup(g, true)
		}
		return deletePostsBy(o.tx, p.ID)
	})
}

// verifyGroups: a group has a valid unique handle, a name, one or more
// coaches who are active pool coaches (R10, R22), and members who are
// clients, each listed once.
func verifyGroups(v *verification) error {
	v.groups = map[ID]Group{}
	return each(v.tx, colGroups, Query{}, func(g Group) (bool, error) {
		v.groups[g.ID] = g
		if ValidHandle(g.Handle) != nil || g.Name == "" {
			v.add("group %s has no valid handle or name", g.ID)
		}
		if len(g.Coaches) == 0 {
			v.add("group %s has no coach", g.ID) // R22
		}
		for _, c := range g.Coaches {
			if p := v.people[c]; !p.IsCoach() || !p.Active() {
				v.add("group %s is coached by someone who is not an active team coach", g.ID) // R10, R22
			}
		}
		for _, m := range g.Members {
			if !v.isClient(m) {
				v.add("group %s has a member who is not a client", g.ID) // R22
			}
		}
		if len(slices.Compact(slices.Sorted(slices.Values(g.Coaches)))) != len(g.Coaches) ||
			len(slices.Compact(slices.Sorted(slices.Values(g.Members)))) != len(g.Members) {
			v.add("group %s lists someone twice", g.ID)
		}
		return true, nil
	})
}
