package cli

import (
	"io"
	"strconv"
	"strings"
	"time"

	"behalf/domain"
)

// Templates (session agendas, worksheets, forms): the questions come on
// standard input, one a line, in the text domain.ParseTemplateText reads.

func init() {
	register(
		&command{noun: "templates", verb: "list", maxArgs: 0, summary: "your templates and the team's (every one with reassign_ownership)",
			flags: []flagSpec{
				{name: "kind", arg: "KIND", usage: "session, worksheet or form"},
				{name: "team", kind: boolf, usage: "team templates only"},
			}, run: runTemplatesList},
		&command{noun: "templates", verb: "show", args: "ID", minArgs: 1, maxArgs: 1, summary: "a template with its questions, in the text `add` reads", run: runTemplatesShow},
		&command{noun: "templates", verb: "add", maxArgs: 0, summary: "make a template; its questions come on standard input, one a line",
			flags: []flagSpec{
				{name: "kind", arg: "KIND", usage: "session, worksheet or form", req: true},
				{name: "name", arg: "N", usage: "the template's name", req: true},
			}, run: runTemplatesAdd},
		&command{noun: "templates", verb: "edit", args: "ID", minArgs: 1, maxArgs: 1, summary: "rename a template; questions on standard input replace its questions",
			flags: []flagSpec{{name: "name", arg: "N", usage: "the new name"}}, run: runTemplatesEdit},
		&command{noun: "templates", verb: "delete", args: "ID", minArgs: 1, maxArgs: 1, summary: "delete your template (what clients received stays)", run: runTemplatesDelete},
		&command{noun: "templates", verb: "share", args: "ID", minArgs: 1, maxArgs: 1, summary: "make your template a team template (manage_templates)",
			flags: []flagSpec{{name: "off", kind: boolf, usage: "stop sharing it"}}, run: runTemplatesShare},
		&command{noun: "templates", verb: "reassign", args: "ID", minArgs: 1, maxArgs: 1, summary: "pass a template to another team member (reassign_ownership)",
			flags: []flagSpec{{name: "to", arg: "H", usage: "the team member who receives it", req: true}}, run: runTemplatesReassign},
	)
}

type questionJSON struct {
	N        int      `json:"n"`
	Type     string   `json:"type"`
	Text     string   `json:"text"`
	Options  []string `json:"options"`
	Required bool     `json:"required"`
}

func questionsJSON(qs []domain.Question) []questionJSON {
	out := make([]questionJSON, len(qs))
	for i, q := range qs {
		opts := q.Options
		if opts == nil {
			opts = []string{}
		}
		out[i] = questionJSON{N: i + 1, Type: string(q.Type), Text: q.Text, Options: opts, Required: q.Required}
	}
	return out
}

type templateJSON struct {
	ID          string         `json:"id"`
	Kind        string         `json:"kind"`
	Name        string         `json:"name"`
	Owner       string         `json:"owner"`
	OwnerName   string         `json:"owner_name"`
	Team        bool           `json:"team"`
	Version     int            `json:"version"`
	MadeBy      string         `json:"made_by"`
	MadeByName  string         `json:"made_by_name"`
	For         string         `json:"for"` // the practitioner an assistant made it for
	Changed     string         `json:"changed"`
	Questions   []questionJSON `json:"questions"`
	CanEdit     bool           `json:"can_edit"`
	CanShare    bool           `json:"can_share"`
	CanReassign bool           `json:"can_reassign"`
}

func templateView(v domain.TemplateView) templateJSON {
	t := v.Template
	j := templateJSON{ID: t.ID.String(), Kind: string(t.Kind), Name: t.Name, Owner: v.Owner.Handle, OwnerName: v.Owner.Name, Team: t.Team,
		Version: t.Version, MadeBy: v.Maker.Handle, MadeByName: v.Maker.Name, Changed: v.Changed.Format(time.RFC3339),
		Questions: questionsJSON(t.Questions), CanEdit: v.CanEdit, CanShare: v.CanShare, CanReassign: v.CanReassign}
	if v.Maker.For != nil {
		j.For = v.Maker.For.Handle
	}
	return j
}

func sharedWords(team bool) string {
	if team {
		return "team"
	}
	return "own"
}

func runTemplatesList(c *call) error {
	list, err := c.env.Service.ListTemplates(c.who, domain.TemplateFilter{Kind: c.str("kind"), Team: c.flag("team")})
	if err != nil {
		return err
	}
	out := make([]templateJSON, 0, len(list))
	for _, v := range list {
		out = append(out, templateView(v))
	}
	return c.emit(out, func(w *textOut) {
		if len(list) == 0 {
			w.line("No templates.")
			return
		}
		w.row("ID", "KIND", "NAME", "OWNER", "SHARED", "QUESTIONS")
		for _, v := range list {
			w.row(v.Template.ID.String(), string(v.Template.Kind), v.Template.Name, v.Owner.Label(), sharedWords(v.Template.Team), strconv.Itoa(len(v.Template.Questions)))
		}
	})
}

func (c *call) emitTemplate(v domain.TemplateView, say string) error {
	return c.emit(templateView(v), func(w *textOut) {
		t := v.Template
		if say != "" {
			w.line(say + ": " + string(t.Kind) + " template " + t.ID.String() + ", " + t.Name + " (" + domain.Plural(len(t.Questions), "line", "lines") + ", version " + strconv.Itoa(t.Version) + ").")
			return
		}
		w.line(string(t.Kind) + " template " + t.ID.String() + ": " + t.Name)
		shared := "not shared"
		if t.Team {
			shared = "a team template"
		}
		w.line("Owner: " + v.Owner.Label() + "; " + shared + "; version " + strconv.Itoa(t.Version) + ", changed " + v.Changed.Format(domain.DateLayout))
		w.line("")
		for i, q := range t.Questions {
			w.line(strconv.Itoa(i+1) + ". " + domain.QuestionLine(q))
		}
	})
}

func runTemplatesShow(c *call) error {
	id, err := c.idArg()
	if err != nil {
		return err
	}
	v, err := c.env.Service.TemplateByID(c.who, id)
	if err != nil {
		return err
	}
	return c.emitTemplate(v, "")
}

// stdinText reads the questions given on standard input, refusing more
// than a template may hold before reading on.
func (c *call) stdinText() (string, error) {
	if c.env.Stdin == nil {
		return "", nil
	}
	b, err := io.ReadAll(io.LimitReader(c.env.Stdin, domain.MaxTemplateBytes+1))
	if err != nil {
		return "", err
	}
	if len(b) > domain.MaxTemplateBytes {
		return "", &domain.Error{Kind: domain.KindInvalid, Field: "questions", Msg: "the questions are too long: at most " + strconv.Itoa(domain.MaxTemplateBytes) + " bytes"}
	}
	return string(b), nil
}

func runTemplatesAdd(c *call) error {
	text, err := c.stdinText()
	if err != nil {
		return err
	}
	v, err := c.env.Service.AddTemplate(c.who, domain.NewTemplate{Kind: c.str("kind"), Name: c.rawFlag("name"), Questions: text})
	if err != nil {
		return err
	}
	return c.emitTemplate(v, "Made")
}

func runTemplatesEdit(c *call) error {
	id, err := c.idArg()
	if err != nil {
		return err
	}
	text, err := c.stdinText()
	if err != nil {
		return err
	}
	var in domain.TemplateEdit
	if c.set("name") {
		n := c.rawFlag("name")
		in.Name = &n
	}
	if strings.TrimSpace(text) != "" {
		in.Questions = &text
	}
	v, err := c.env.Service.EditTemplate(c.who, id, in)
	if err != nil {
		return err
	}
	return c.emitTemplate(v, "Changed")
}

func runTemplatesDelete(c *call) error {
	id, err := c.idArg()
	if err != nil {
		return err
	}
	v, err := c.env.Service.DeleteTemplate(c.who, id)
	if err != nil {
		return err
	}
	return c.emitTemplate(v, "Deleted")
}

func runTemplatesShare(c *call) error {
	id, err := c.idArg()
	if err != nil {
		return err
	}
	v, err := c.env.Service.ShareTemplate(c.who, id, !c.flag("off"))
	if err != nil {
		return err
	}
	if v.Template.Team {
		return c.emitTemplate(v, "Shared with the team")
	}
	return c.emitTemplate(v, "No longer shared")
}

func runTemplatesReassign(c *call) error {
	id, err := c.idArg()
	if err != nil {
		return err
	}
	v, err := c.env.Service.ReassignTemplate(c.who, id, c.str("to"))
	if err != nil {
		return err
	}
	return c.emitTemplate(v, "Now owned by "+v.Owner.Label())
}
