package domain

import "time"

// A group's discussion (R22, R23): posts by the group's coaches (an
// assistant for their practitioner, R44) and members, newest first, a
// page at a time. The group's coaches and members read it, and
// view_all_groups; manage_groups alone does not (R16); contacts never
// (R31). A member who leaves keeps what they posted, attributed.

const colGroupPosts Collection = "group_posts"

const (
	ActGroupsPosts Action = "groups.posts"
	ActGroupsPost  Action = "groups.post"
)

// Post is one message in a group's discussion.
type Post struct {
	ID     ID        `json:"id"`
	Group  ID        `json:"group"`
	Author ID        `json:"author"`
	Behalf ID        `json:"behalf,omitempty"` // the practitioner an assistant posted for (R44)
	Body   string    `json:"body"`
	At     time.Time `json:"at"`
}

// Posts are read by group, newest first, and by author for R19's cascade.
func savePost(tx Tx, p *Post) error {
	if err := newID(tx, colGroupPosts, &p.ID); err != nil {
		return err
	}
	return tx.Put(colGroupPosts, p.ID, p,
		Index{Name: "group", Key: pairKey(p.Group, p.ID)},
		Index{Name: "author", Key: pairKey(p.Author, p.ID)})
}

func deleteGroupPosts(tx Tx, group ID) error {
	ids, err := idsUnder(tx, colGroupPosts, "group", group.Key()+"/")
	if err != nil {
		return err
	}
	return deleteAll(tx, colGroupPosts, ids)
}

func deletePostsBy(tx Tx, author ID) error {
	ids, err := idsUnder(tx, colGroupPosts, "author", author.Key()+"/")
	if err != nil {
		return err
	}
	return deleteAll(tx, colGroupPosts, ids)
}

// ruleGroupsPosts: reading (write false) — the group's coaches and
// members, and view_all_groups; writing — the group's coaches and members.
func ruleGroupsPosts(write bool) rule {
	return func(j judge, t Target) Decision {
		switch {
		case j.a.Workspace.Kind == WSContact:
			return deny("a group's discussion is coaching work, never shown to contacts") // R23, R31
		case j.inGroup(t.Group):
			return allow("you are a member of this group")
		case j.coachesGroup(t.Group):
			return allow("%s coach this group", j.whose())
		case !j.teamish():
			return deny("only the group's coaches and members take part in its discussion")
		case !write && j.a.Has(PermViewAllGroups):
			return allow("%s hold view_all_groups", j.whose())
		case write && j.a.Has(PermViewAllGroups):
			return deny("view_all_groups reads every group; only the group's coaches and members post")
		case j.a.Has(PermManageGroups):
			return deny("manage_groups sets groups up but does not read what happens in them; that needs view_all_groups") // R16
		}
		return deny("only the group's coaches and members take part in its discussion")
	}
}

// PostView is a post as shown: its author by name, in the role they have
// in the group (R22), an assistant beside their practitioner (R44).
type PostView struct {
	Post   Post
	Group  Group
	Author Party
	At     time.Time
}

func (v *practiceView) post(g *Group, p Post) PostView {
	return PostView{Post: p, Group: *g, Author: v.groupParty(g, p.Author, p.Behalf), At: p.At.In(v.loc)}
}

// Posts lists a group's discussion newest first, a page at a time.
func (s *Service) Posts(who Who, group string, q PageQuery) ([]PostView, error) {
	var out []PostView
	err := s.read(who, func(o *op) error {
		g, err := o.group(group)
		if err != nil {
			return err
		}
		if err := o.authorize(ActGroupsPosts, Target{Group: &g}); err != nil {
			return err
		}
		v, limit := o.newViewer(), pageSize(q.Limit)
		return each(o.tx, colGroupPosts, newestFirst("group", g.ID.Key()+"/", q.Before), func(p Post) (bool, error) {
			out = append(out, v.post(&g, p))
			return len(out) < limit, nil
		})
	})
	return out, err
}

// AddPost posts in a group's discussion; the group's other coaches and
// members are told by their settings (group_activity).
func (s *Service) AddPost(who Who, group, body string) (PostView, error) {
	var out PostView
	err := s.write(who, func(o *op) error {
		g, err := o.group(group)
		if err != nil {
			return err
		}
		if err := o.authorize(ActGroupsPost, Target{Group: &g}); err != nil {
			return err
		}
		text, err := cleanText("the post", body, MaxTextLen)
		if err != nil {
			return inField("body", err)
		}
		p := Post{Group: g.ID, Author: o.a.Actor.ID, Behalf: o.a.OnBehalfOf(), Body: text, At: o.now}
		if err := savePost(o.tx, &p); err != nil {
			return err
		}
		o.touchGroup(g, false)
		out = o.newViewer().post(&g, p)
		w := say(o.groupActor(g) + " posted in " + g.Name + ".")
		if err := o.notifyGroup(g, w, append(append([]ID{}, g.Coaches...), g.Members...)...); err != nil {
			return err
		}
		return o.audit(ActGroupsPost, record{Target: "post " + p.ID.String() + " in group " + g.Handle})
	})
	return out, err
}

// verifyGroupPosts: a post belongs to a group that exists, names its
// author and says something.
func verifyGroupPosts(v *verification) error {
	return each(v.tx, colGroupPosts, Query{}, func(p Post) (bool, error) {
		if _, ok := v.groups[p.Group]; !ok {
			v.add("post %s belongs to a group that does not exist", p.ID)
		}
		if p.Author == 0 || p.Body == "" || p.At.IsZero() {
			v.add("post %s is incomplete", p.ID)
		}
		return true, nil
	})
}
