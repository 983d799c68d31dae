package domain

import (
	"strings"
	"time"
)

// Tasks: to-dos the team assigns each other — to a team member or to an
// assistant (seed 001: "when a task is assigned to an assistant, the task
// record reflects their name"). A task made by an assistant names them and
// the practitioner they acted for (R44).

const colTasks Collection = "tasks"

// ActTasksAll is seeing every task of the team (`tasks list --all`).
const ActTasksAll Action = "tasks.all"

// Task is one to-do.
type Task struct {
	ID           ID        `json:"id"`
	Title        string    `json:"title"`
	Assignee     ID        `json:"assignee"`
	AssigneeName string    `json:"assignee_name"` // as it was, for when they are gone
	Client       ID        `json:"client,omitempty"`
	Due          string    `json:"due,omitempty"` // 2006-01-02 in the org's zone
	Done         bool      `json:"done,omitempty"`
	DoneAt       time.Time `json:"done_at,omitzero"`
	DoneBy       string    `json:"done_by,omitempty"` // as Authorship.Label
	Authorship
	Created time.Time `json:"created"`
}

func taskIndexes(t *Task) []Index {
	idx := []Index{
		{Name: "assignee", Key: pairKey(t.Assignee, t.ID)},
		{Name: "author", Key: pairKey(t.Author, t.ID)},
	}
	if t.Behalf != 0 {
		idx = append(idx, Index{Name: "behalf", Key: pairKey(t.Behalf, t.ID)})
	}
	if t.Client != 0 {
		idx = append(idx, Index{Name: "client", Key: pairKey(t.Client, t.ID)})
	}
	return idx
}

func saveTask(tx Tx, t *Task) error {
	if err := newID(tx, colTasks, &t.ID); err != nil {
		return err
	}
	return tx.Put(colTasks, t.ID, t, taskIndexes(t)...)
}

// TaskView is a task as lists show it.
type TaskView struct {
	Task
	AssigneeHandle string
	ClientHandle   string // "" when none (or no longer there)
	By             string // "Asa Ahmed for Rob Reyes" (R44)
	Overdue        bool
}

func (o *op) taskView(t Task) TaskView {
	v := TaskView{Task: t}
	if p, err := loadPerson(o.tx, t.Assignee); err == nil {
		v.AssigneeHandle, v.AssigneeName = p.Handle, p.Name
	}
	if t.Client != 0 {
		if c, err := loadPerson(o.tx, t.Client); err == nil {
			v.ClientHandle = c.Handle
		}
	}
	v.Authorship = t.current(o.tx)
	v.By = v.Label()
	if !t.Done && t.Due != "" {
		v.Overdue = t.Due < o.now.In(o.a.Org.Location()).Format(DateLayout)
	}
	return v
}

// ruleTasksAdd: the team (an assistant with the practitioner's access,
// R42) makes tasks; one about a client needs access to the client's file.
func ruleTasksAdd(j judge, t Target) Decision {
	if !j.teamish() {
		return deny("tasks are for the team workspace, not %s", j.where())
	}
	if t.Client == nil {
		return allow("the team makes tasks")
	}
	if j.a.Has(PermManageClients) {
		return allow("%s hold manage_clients", j.whose())
	}
	if lvl := j.level(t.Client); lvl >= LevelView {
		return allow("%s have %s access to %s", j.whose(), lvl, t.Client.Name)
	}
	return deny("a task about %s needs access to their file; %s have none", t.Client.Name, j.whose())
}

// NewTask is what `tasks add` and the task form collect.
type NewTask struct {
	Title  string
	Assign string // handle; default: the one who types it
	Due    string // 2006-01-02, optional
	Client string // handle, optional
}

// maxDueYears bounds how far ahead a due date may be.
const maxDueYears = 10

func (o *op) parseDue(s string) (string, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return "", nil
	}
	loc := o.a.Org.Location()
	d, err := ParseDay(s)
	if err != nil {
		return "", err
	}
	if d.Format(DateLayout) < o.now.In(loc).Format(DateLayout) {
		return "", invalidf("the due date %s is in the past; give today or a later day", s)
	}
	if d.After(o.now.In(loc).AddDate(maxDueYears, 0, 0)) {
		return "", invalidf("the due date %s is more than %d years ahead", s, maxDueYears)
	}
	return d.Format(DateLayout), nil
}

// AddTask makes a task and tells the assignee in their inbox.
func (s *Service) AddTask(who Who, in NewTask) (TaskView, error) {
	var out TaskView
	err := s.write(who, func(o *op) error {
		var client *Person
		if strings.TrimSpace(in.Client) != "" {
			c, err := o.client(in.Client)
			if err != nil {
				return inField("client", err)
			}
			client = &c
		}
		if err := o.authorize(ActTasksAdd, Target{Client: client}); err != nil {
			return err
		}
		title, err := cleanLine("the title", in.Title, MaxLineLen, true)
		if err != nil {
			return inField("title", err)
		}
		due, err := o.parseDue(in.Due)
		if err != nil {
			return inField("due", err)
		}
		assignee := o.a.Actor
		if strings.TrimSpace(in.Assign) != "" {
			if assignee, err = o.person(in.Assign); err != nil {
				return inField("assign", err)
			}
		}
		if !assignee.IsTeam() && !assignee.Assistant {
			return inField("assign", invalidf("%s is neither a team member nor an assistant; tasks go to the team", assignee.Handle))
		}
		if !assignee.Active() {
			return inField("assign", conflictf("%s is deactivated and cannot take tasks", assignee.Handle))
		}
		t := Task{Title: title, Assignee: assignee.ID, AssigneeName: assignee.Name, Due: due, Authorship: o.authorship(), Created: o.now}
		if client != nil {
			t.Client = client.ID
		}
		if err := saveTask(o.tx, &t); err != nil {
			return err
		}
		out = o.taskView(t)
		if err := o.tell(KindTask, assignee, t.Client, personalScope(assignee), say(o.me(), " assigned you a task: "+title)); err != nil {
			return err
		}
		detail := "assigned to " + assignee.Handle
		if due != "" {
			detail += ", due " + due
		}
		return o.audit(ActTasksAdd, record{Target: "task " + t.ID.String(), Client: t.Client, Person: assignee.ID, Detail: detail})
	})
	return out, err
}

// TaskQuery narrows `tasks list`.
type TaskQuery struct {
	Mine   bool // only tasks assigned to the one signed in
	All    bool // every task of the team (manage_coaches)
	Open   bool // only tasks not done
	Before ID   // page: tasks older than this id
	Limit  int
}

// Tasks lists tasks newest first. By default: tasks assigned to the one
// signed in or to the workspace's practitioner, and tasks made by or for
// the practitioner. Tasks assigned to an assistant show in each of their
// workspaces; nothing else of theirs exists (R41).
func (s *Service) Tasks(who Who, q TaskQuery) ([]TaskView, error) {
	var out []TaskView
	err := s.read(who, func(o *op) error {
		if err := o.authorize(ActTasksList, Target{}); err != nil {
			return err
		}
		if q.Mine && q.All {
			return invalidf("give --mine or --all, not both")
		}
		var qs []Query
		actor, principal := o.a.Actor.ID, o.a.Principal.ID
		switch {
		case q.All:
			if err := o.authorize(ActTasksAll, Target{}); err != nil {
				return err
			}
			qq := Query{Reverse: true}
			if q.Before != 0 {
				qq.After = q.Before.Key()
			}
			qs = append(qs, qq)
		case q.Mine:
			qs = append(qs, newestFirst("assignee", actor.Key()+"/", q.Before))
		default:
			qs = append(qs,
				newestFirst("assignee", actor.Key()+"/", q.Before),
				newestFirst("author", principal.Key()+"/", q.Before),
				newestFirst("behalf", principal.Key()+"/", q.Before))
			if principal != actor {
				qs = append(qs, newestFirst("assignee", principal.Key()+"/", q.Before))
			}
		}
		keep := func(id ID) (bool, error) {
			if !q.Open {
				return true, nil
			}
			t, err := get[Task](o.tx, colTasks, id)
			return err == nil && !t.Done, err
		}
		ids, err := mergeNewest(o.tx, colTasks, qs, pageSize(q.Limit), keep)
		if err != nil {
			return err
		}
		tasks, err := getAll[Task](o.tx, colTasks, ids)
		for _, t := range tasks {
			out = append(out, o.taskView(t))
		}
		return err
	})
	return out, err
}

// mayTouchTask: the assignee, the author, the practitioner it was made for
// (and so their assistants, R42), or a holder of manage_coaches.
func (o *op) mayTouchTask(t Task) bool {
	for _, id := range []ID{o.a.Actor.ID, o.a.Principal.ID} {
		if t.Assignee == id || t.Author == id || t.Behalf == id {
			return true
		}
	}
	return o.allowed(ActTasksAll, Target{})
}

// CompleteTask marks a task done and tells its author.
func (s *Service) CompleteTask(who Who, id ID) (TaskView, error) {
	var out TaskView
	err := s.write(who, func(o *op) error {
		if err := o.authorize(ActTasksDone, Target{}); err != nil {
			return err
		}
		t, err := get[Task](o.tx, colTasks, id)
		if err != nil || !o.mayTouchTask(t) {
			return notFoundf("there is no task %s among yours; `tasks list` shows them", id)
		}
		if t.Done {
			return conflictf("task %s is already done", id)
		}
		t.Done, t.DoneAt, t.DoneBy = true, o.now, o.byLabel()
		if err := saveTask(o.tx, &t); err != nil {
			return err
		}
		if author, err := loadPerson(o.tx, t.Author); err == nil {
			if err := o.tell(KindTask, author, t.Client, personalScope(author), say(o.me(), " completed: "+t.Title)); err != nil {
				return err
			}
		}
		o.changed(t.Assignee, t.Author)
		out = o.taskView(t)
		return o.audit(ActTasksDone, record{Target: "task " + t.ID.String(), Client: t.Client})
	})
	return out, err
}

// A deleted client's tasks go with them (R19); tasks assigned to a deleted
// person stay, under the name they had.
func init() {
	onDelete = append(onDelete, func(o *op, p Person) error {
		if !p.Client {
			return nil
		}
		ids, err := idsUnder(o.tx, colTasks, "client", p.ID.Key()+"/")
		if err != nil {
			return err
		}
		return deleteAll(o.tx, colTasks, ids)
	})
}
