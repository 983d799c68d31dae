package cli

import (
	"behalf/domain"
)

func init() {
	register(
		&command{noun: "metrics", verb: "list", maxArgs: 0, summary: "metrics clients track, each with its latest value (never shown to contacts)",
			flags: []flagSpec{
				{name: "client", arg: "H", usage: "only this client's metrics (in me: yours)"},
				{name: "before", arg: "ID", usage: "the page older than this metric"},
				{name: "limit", arg: "N", usage: "at most N (default 50)"},
			}, run: runMetricsList},
		&command{noun: "metrics", verb: "define", maxArgs: 0, summary: "set up a metric for a client to track (coaching access)",
			flags: []flagSpec{
				{name: "client", arg: "H", usage: "the client", req: true},
				{name: "name", arg: "N", usage: "what is tracked, e.g. Weight", req: true},
				{name: "unit", arg: "U", usage: "its unit, e.g. kg", req: true},
				{name: "target", arg: "X", usage: "the value aimed at, e.g. 70.5"},
			}, run: runMetricsDefine},
		&command{noun: "metrics", verb: "record", args: "ID", minArgs: 1, maxArgs: 1, summary: "record a metric's value for a day (a second value that day replaces the first)",
			flags: []flagSpec{
				{name: "value", arg: "X", usage: "the value, an exact decimal such as 72.5 (up to 6 decimals)", req: true},
				{name: "on", arg: "DATE", usage: "the day, YYYY-MM-DD (default: today)"},
			}, run: runMetricsRecord},
		&command{noun: "metrics", verb: "show", args: "ID", minArgs: 1, maxArgs: 1, summary: "a metric and its values, oldest first",
			flags: []flagSpec{
				{name: "from", arg: "DATE", usage: "first day, YYYY-MM-DD"},
				{name: "to", arg: "DATE", usage: "last day, YYYY-MM-DD"},
			}, run: runMetricsShow},
	)
}

type pointJSON struct {
	On    string `json:"on"`
	Value string `json:"value"` // an exact decimal, as a string
}

type metricJSON struct {
	ID      string      `json:"id"`
	Client  string      `json:"client"`
	Name    string      `json:"name"`
	Unit    string      `json:"unit"`
	Target  *string     `json:"target"`
	Points  []pointJSON `json:"points"`
	More    bool        `json:"more,omitempty"` // older values in the days asked for were left out
	SetUpBy string      `json:"set_up_by"`      // a handle; "" for the organisation
}

func metricView(v domain.MetricView) metricJSON {
	m := v.Metric
	j := metricJSON{ID: m.ID.String(), Client: v.Client.Handle, Name: m.Name, Unit: m.Unit, Points: []pointJSON{}, More: v.More, SetUpBy: v.SetUpBy.Handle}
	if m.Target != nil {
		t := m.Target.String()
		j.Target = &t
	}
	for _, p := range v.Points {
		j.Points = append(j.Points, pointJSON{On: p.On, Value: p.Value.String()})
	}
	return j
}

func runMetricsList(c *call) error {
	f := domain.MetricFilter{Client: c.str("client")}
	var err error
	if f.Before, f.Limit, err = c.pageFlags(); err != nil {
		return err
	}
	list, err := c.env.Service.ListMetrics(c.who, f)
	if err != nil {
		return err
	}
	out := make([]metricJSON, 0, len(list))
	for _, v := range list {
		out = append(out, metricView(v))
	}
	return c.emit(out, func(w *textOut) {
		if len(list) == 0 {
			w.line("No metrics.")
			return
		}
		w.row("ID", "CLIENT", "NAME", "UNIT", "TARGET", "LATEST")
		for _, v := range list {
			latest := "-"
			if p, ok := v.Latest(); ok {
				latest = p.Value.String() + " on " + p.On
			}
			w.row(v.Metric.ID.String(), v.Client.Handle, v.Metric.Name, v.Metric.Unit, targetText(v.Metric), latest)
		}
	})
}

func targetText(m domain.Metric) string {
	if m.Target == nil {
		return "-"
	}
	return m.Target.String()
}

func runMetricsDefine(c *call) error {
	v, err := c.env.Service.DefineMetric(c.who, domain.NewMetric{Client: c.str("client"), Name: c.str("name"), Unit: c.str("unit"), Target: c.rawFlag("target")})
	if err != nil {
		return err
	}
	return c.emit(metricView(v), func(w *textOut) {
		line := "Set up: metric " + v.Metric.ID.String() + " for " + v.Client.Handle + ", " + v.Metric.Name + " in " + v.Metric.Unit
		if v.Metric.Target != nil {
			line += ", target " + v.Metric.Target.String()
		}
		w.line(line + ".")
	})
}

func runMetricsRecord(c *call) error {
	id, err := c.idArg()
	if err != nil {
		return err
	}
	v, err := c.env.Service.RecordMetric(c.who, id, c.rawFlag("value"), c.str("on"))
	if err != nil {
		return err
	}
	return c.emit(metricView(v), func(w *textOut) {
		if p, ok := v.Latest(); ok {
			w.line("Recorded: " + v.Metric.Name + " " + p.Value.String() + " " + v.Metric.Unit + " on " + p.On + " for " + v.Client.Handle + ".")
		}
	})
}

func runMetricsShow(c *call) error {
	id, err := c.idArg()
	if err != nil {
		return err
	}
	v, err := c.env.Service.ShowMetric(c.who, id, c.str("from"), c.str("to"))
	if err != nil {
		return err
	}
	return c.emit(metricView(v), func(w *textOut) {
		w.line(v.Metric.Name + " (" + v.Metric.Unit + ") for " + v.Client.Handle + ", target " + targetText(v.Metric) + ", " + domain.Plural(len(v.Points), "value", "values") + ":")
		if v.More {
			w.line("(older values left out: narrow --from/--to)")
		}
		w.table("No values.", "ON", "VALUE")
		for _, p := range v.Points {
			w.row(p.On, p.Value.String())
		}
	})
}
