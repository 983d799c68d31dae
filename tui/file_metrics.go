package tui

import (
	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"behalf/domain"
)

// The Metrics part of a client file (R23): the numbers the client tracks,
// the selected one drawn as a chart over time with its target (chart.go)
// above the list. Coaching access sets one up (n); the client and
// coaching access record a value (r). Contacts never have this part (R31).

type metricsPart struct {
	f     *clientFile
	rows  []domain.MetricView
	shown domain.MetricView // the selected metric with its values
	err   error
	// chart is shown's chart as last drawn, for chartAt (width, height):
	// a redraw without a change costs nothing.
	chart   []string
	chartAt [2]int
	k       struct{ record key.Binding }
}

func newMetricsPart(f *clientFile) *metricsPart {
	p := &metricsPart{f: f}
	p.k.record = key.NewBinding(key.WithKeys("r"), key.WithHelp("r", "record value"))
	return p
}

func (p *metricsPart) load(before domain.ID) (bool, error) {
	got, err := p.f.Svc.ListMetrics(p.f.Who, domain.MetricFilter{Client: p.f.client.Handle, Before: before, Limit: filePage})
	n, err := appendPage(&p.rows, before, got, err)
	p.f.sel = min(p.f.sel, max(len(p.rows)-1, 0))
	p.loadChart()
	return n == filePage, err
}

// loadChart reads the selected metric's values for its chart.
func (p *metricsPart) loadChart() {
	p.shown, p.err, p.chart, p.chartAt = domain.MetricView{}, nil, nil, [2]int{}
	if p.f.sel >= len(p.rows) {
		return
	}
	p.shown, p.err = p.f.Svc.ShowMetric(p.f.Who, p.rows[p.f.sel].Metric.ID, "", "")
}

func (p *metricsPart) oldest() domain.ID {
	return lastID(p.rows, func(v domain.MetricView) domain.ID { return v.Metric.ID })
}

func (p *metricsPart) count() int   { return len(p.rows) }
func (p *metricsPart) spaced() bool { return false }

func (p *metricsPart) empty() string {
	if p.f.Workspace().Kind == domain.WSMe {
		return "no metrics set up for you yet"
	}
	return "no metrics set up yet"
}

// top is the selected metric: its name, target and latest value, its
// chart in the room the list leaves, and what the marks mean.
func (p *metricsPart) top(width, height int) []string {
	st := p.f.Styles
	if p.err != nil {
		return append(wrapped(errText(p.err), 0, width, st.StatusError), "")
	}
	m := p.shown
	if m.Metric.ID == 0 {
		return nil
	}
	head := st.Title.Render(clean(m.Metric.Name)) + st.Subtle.Render(" in "+clean(m.Metric.Unit))
	if l, ok := m.Latest(); ok {
		head += st.Subtle.Render(" · latest " + pointWords(m, l))
	}
	out := []string{trunc(head, width)}
	room := height - len(out) - 2 - min(len(p.rows), 5) // legend, a blank line, some of the list
	if at := [2]int{width, min(room, 14)}; at != p.chartAt {
		p.chart, p.chartAt = metricChart(st, m, at[0], at[1]), at
	}
	chart := p.chart
	switch {
	case len(m.Points) == 0:
		out = append(out, st.Subtle.Render("no values recorded yet"))
	case chart == nil:
		out = append(out, st.Subtle.Render(trunc("a taller or wider window shows the chart", width)))
	default:
		out = append(out, chart...)
		if m.More {
			out = append(out, st.Subtle.Render(trunc("the latest values; the command `metrics show` gives any days", width)))
		}
	}
	if len(m.Points) == 0 {
		return append(out, "")
	}
	return append(out, trunc(chartLegend(st, m), width), "")
}

func (p *metricsPart) blocks(width int) [][]string {
	st := p.f.Styles
	out := make([][]string, 0, len(p.rows))
	for _, v := range p.rows {
		line := clean(v.Metric.Name) + st.Subtle.Render(" ("+clean(v.Metric.Unit)+")")
		if l, ok := v.Latest(); ok {
			line += "  latest " + pointWords(v, l)
		} else {
			line += st.Subtle.Render("  no values yet")
		}
		if t := v.Metric.Target; t != nil {
			line += st.Subtle.Render("  target " + t.String())
		}
		out = append(out, []string{line})
	}
	return out
}

// key moves the selection itself, so the chart follows it; r records.
func (p *metricsPart) key(k tea.KeyMsg) (tea.Cmd, bool) {
	f := p.f
	switch {
	case key.Matches(k, f.Keys.Up):
		f.sel = max(f.sel-1, 0)
	case key.Matches(k, f.Keys.Down):
		f.sel = min(f.sel+1, max(len(p.rows)-1, 0))
	case key.Matches(k, p.k.record) && p.shown.CanRecord:
		f.openPane(p.recordForm(p.shown))
		return nil, true
	default:
		return nil, false
	}
	if p.f.sel < len(p.rows) && p.rows[p.f.sel].Metric.ID != p.shown.Metric.ID {
		p.loadChart()
	}
	return nil, true
}

func (p *metricsPart) help() []key.Binding {
	if p.shown.CanRecord {
		return []key.Binding{p.k.record}
	}
	return nil
}

func (p *metricsPart) canNew() (bool, string) { return p.f.tabs.DefineMetric, "set up metric" }

func (p *metricsPart) newItem() tea.Cmd {
	if !p.f.tabs.DefineMetric {
		return nil
	}
	c := *p.f.client
	fm := newForm(p.f.Common, "Set up a metric for "+personLabel(c))
	fm.text("name", "Name", "", "Weight", domain.MaxMetricNameLen)
	fm.text("unit", "Unit", "", "kg", domain.MaxMetricUnitLen)
	fm.text("target", "Target", "", "70.5, optional", domain.MaxDecimalLen).help = "the value aimed at; up to 6 decimals"
	fm.button("save", "Set up")
	who := p.f.Who
	fm.submit = func(fm *form) (modalPane, tea.Cmd, error) {
		v, err := p.f.Svc.DefineMetric(who, domain.NewMetric{Client: c.Handle, Name: fm.value("name"), Unit: fm.value("unit"), Target: fm.value("target")})
		if err != nil {
			return nil, nil, err
		}
		p.f.sel = 0 // the newest comes first
		return nil, Status("%s now tracks %s", clean(c.Name), clean(v.Metric.Name)), nil
	}
	p.f.openPane(fm)
	return nil
}

func (p *metricsPart) recordForm(m domain.MetricView) *form {
	fm := newForm(p.f.Common, "Record "+clean(m.Metric.Name)+" ("+clean(m.Metric.Unit)+")")
	fm.text("value", "Value", "", "72.5", domain.MaxDecimalLen).help = "an exact number, up to 6 decimals"
	fm.text("on", "Day", "", domain.DateHint+", empty: today", domain.MaxDateLen).help = "a value for a day that has a value replaces it"
	fm.button("save", "Record")
	who, id := p.f.Who, m.Metric.ID
	fm.submit = func(fm *form) (modalPane, tea.Cmd, error) {
		v, err := p.f.Svc.RecordMetric(who, id, fm.value("value"), fm.value("on"))
		if err != nil {
			return nil, nil, err
		}
		l, _ := v.Latest()
		return nil, Status("Recorded %s: %s", clean(v.Metric.Name), pointWords(v, l)), nil
	}
	return fm
}
