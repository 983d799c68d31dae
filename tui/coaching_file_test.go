package tui

import (
	"strings"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/ansi"

	"behalf/domain"
)

// chartLines is the metric chart as the screen shows it: from the line
// with the highest value's label down to the line of dates.
func chartLines(t *testing.T, v, top string) []string {
	t.Helper()
	lines := strings.Split(v, "\n")
	for i, l := range lines {
		if strings.Contains(l, top+"│") {
			for j := i; j < len(lines); j++ {
				if strings.Contains(lines[j], "└") {
					return lines[i:min(j+2, len(lines))]
				}
			}
		}
	}
	t.Fatalf("no chart with %s at its top:\n%s", top, v)
	return nil
}

// The Metrics part draws the selected metric: the value axis labelled with
// the values as recorded (highest, lowest, target), each label on its
// value's row; the target as a dashed line on its row; each value as a
// point on its row and day; the first and last days under the axis (R23).
func TestMetricChartOnScreen(t *testing.T) {
	t.Parallel()
	d := newDemo(t, nil)
	rob := d.as("rob", "team")
	m, err := d.svc.DefineMetric(rob, domain.NewMetric{Client: "jane", Name: "Waist", Unit: "cm", Target: "70.5"})
	if err != nil {
		t.Fatal(err)
	}
	for day, val := range map[string]string{"2026-09-07": "80", "2026-09-21": "78.25", "2026-10-19": "76.1", "2026-11-23": "72.4"} {
		if _, err := d.svc.RecordMetric(d.as("jane", "me"), m.Metric.ID, val, day); err != nil {
			t.Fatal(err)
		}
	}
	mv := practiceFile(t, d, "jane", "", "")
	practicePress(mv, "left", "left", "left") // metrics: the last part
	v := practiceView(t, mv)
	practiceHas(t, v, "Waist in cm · latest 72.4 cm on 2026-11-23", "● Waist (cm)", "┄┄ target 70.5", "4 values", "r record value")
	chart := chartLines(t, v, "80")
	col := func(line, s string) int { return ansi.StringWidth(line[:strings.Index(line, s)]) }
	axisCol := col(chart[0], "│")
	// The highest value, 80, is the first point: right of the axis on the top row.
	if got := col(chart[0], "●"); got != axisCol+1 {
		t.Errorf("the first point is at column %d, want %d (just right of the axis):\n%s", got, axisCol+1, strings.Join(chart, "\n"))
	}
	// The target's row carries its label and the dashed line; the lowest
	// value's row carries 72.4 and the last point at the right end.
	var target, lowest string
	for _, l := range chart {
		switch {
		case strings.Contains(l, "70.5│"):
			target = l
		case strings.Contains(l, "72.4│"):
			lowest = l
		}
	}
	if !strings.Contains(target, "┄┄┄┄┄┄┄┄┄┄") || strings.Contains(target, "●") {
		t.Errorf("the target row: %q", target)
	}
	last := chart[len(chart)-1]
	if !strings.HasSuffix(strings.TrimRight(lowest, " "), "●") || col(lowest, "●")+1 != col(last, "2026-11-23")+len("2026-11-23") {
		t.Errorf("the last point is not at the end of the lowest row, over its day:\n%s", strings.Join(chart, "\n"))
	}
	if col(last, "2026-09-07") != axisCol+1 {
		t.Errorf("the first day is not under the first point:\n%s", strings.Join(chart, "\n"))
	}
	// Rows in order: 80 above 72.4 above 70.5.
	if strings.Index(v, "80│") > strings.Index(v, "72.4│") || strings.Index(v, "72.4│") > strings.Index(v, "70.5│") {
		t.Errorf("the value axis is not in order:\n%s", v)
	}
	// 78.25 sits between: its point is on a row below the top and above the lowest.
	rowOf := func(s string) int {
		for i, l := range chart {
			if strings.Contains(l, s) {
				return i
			}
		}
		return -1
	}
	second := -1
	for i, l := range chart {
		if strings.Count(l, "●") > 0 && i > 0 && i < rowOf("72.4│") {
			second = i
			break
		}
	}
	if second <= 0 {
		t.Errorf("no point between the highest and the lowest:\n%s", strings.Join(chart, "\n"))
	}

	// r records a value through a form; the chart follows.
	practicePress(mv, "r")
	practiceHas(t, practiceView(t, mv), "Record Waist (cm)", "Value e.g. 72.5")
	practicePress(mv, "69.9", "ctrl+s")
	if mv.status.Text != "Recorded Waist: 69.9 cm on 2026-11-23" {
		t.Fatalf("status %q", mv.status.Text)
	}
	v = practiceView(t, mv)
	practiceHas(t, v, "latest 69.9 cm on 2026-11-23", "69.9│")
}

// R13, R14, R23: the Actions part — the client marks done with a note; the
// coach assigns with a form and sees what the client said; a view-only
// coach reads without a key to change anything. casey has no demo actions.
func TestActionsPart(t *testing.T) {
	t.Parallel()
	now := fixedClock()
	d := newDemo(t, func() time.Time { return now })
	mira := d.as("mira", "team")
	for _, a := range []domain.NewAction{
		{Client: "casey", Title: "Send the board report", Due: "2026-11-24"},
		{Client: "casey", Title: "Walk 20 minutes a day", Details: "After lunch."},
	} {
		if _, err := d.svc.AddAction(mira, a); err != nil {
			t.Fatal(err)
		}
	}
	now = now.AddDate(0, 0, 3) // the report is now overdue

	m := practiceFile(t, d, "casey", "", "")
	practicePress(m, "left", "left", "left", "left") // actions, before metrics
	v := practiceView(t, m)
	practiceHas(t, v, "[ ] Send the board report  due 2026-11-24 · overdue", "assigned by Mira Moss (coach) on 2026-11-23",
		"[ ] Walk 20 minutes a day", "After lunch.", "d mark done")
	practiceLacks(t, v, "n assign action", "e edit")
	practicePress(m, "d")
	practiceHas(t, practiceView(t, m), "Done: Send the board report", "Your coach is told.")
	practicePress(m, "Sent on Friday.", "ctrl+s")
	if m.status.Text != "Done: Send the board report" {
		t.Fatalf("status %q", m.status.Text)
	}
	v = practiceView(t, m)
	practiceHas(t, v, "[x] Send the board report  done 2026-11-26", "“Sent on Friday.”")
	if strings.Index(v, "Walk 20 minutes") > strings.Index(v, "Send the board report") {
		t.Errorf("open actions come before done ones:\n%s", v)
	}

	// mira assigns one with the form; a bad due day stays in the form.
	m = practiceFile(t, d, "mira", "", "casey")
	practicePress(m, "left", "left", "left", "left")
	practiceHas(t, practiceView(t, m), "“Sent on Friday.”", "n assign action")
	practicePress(m, "n")
	practiceHas(t, practiceView(t, m), "Assign an action to Casey Johnson (casey)", "Title e.g. walk 20 minutes a day")
	practicePress(m, "Book the offsite", "tab", "2020-01-01", "ctrl+s")
	practiceHas(t, practiceView(t, m), "is in the past")
	practicePress(m, "ctrl+u", "2026-12-10", "ctrl+s")
	if m.status.Text != "Assigned to Casey Johnson: Book the offsite" {
		t.Fatalf("status %q", m.status.Text)
	}
	practiceHas(t, practiceView(t, m), "[ ] Book the offsite  due 2026-12-10")

	// rob is view-only for her: he reads, and no key changes anything.
	m = practiceFile(t, d, "rob", "", "casey")
	practicePress(m, "left", "left", "left", "left")
	v = practiceView(t, m)
	practiceHas(t, v, "Book the offsite", "read-only")
	practiceLacks(t, v, "n assign", "e edit", "o reopen")
	practicePress(m, "n", "e", "o", "d")
	if m.screen().Capturing() {
		t.Fatalf("rob opened a form:\n%s", practiceView(t, m))
	}
}

// The coaching parts lay out in the terminal's lines and width.
func TestCoachingPartsFit(t *testing.T) {
	t.Parallel()
	d := newDemo(t, nil)
	m, err := d.svc.DefineMetric(d.as("mira", "team"), domain.NewMetric{Client: "alex", Name: "Scales", Unit: "minutes", Target: "300"})
	if err != nil {
		t.Fatal(err)
	}
	for i, day := range []string{"2026-10-05", "2026-10-12", "2026-10-19", "2026-11-02"} {
		if _, err := d.svc.RecordMetric(d.as("alex", "me"), m.Metric.ID, []string{"40", "95.5", "160", "212"}[i], day); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := d.svc.AddAction(d.as("mira", "team"), domain.NewAction{Client: "alex", Title: strings.Repeat("Read a chapter and write a line about it. ", 4), Details: strings.Repeat("word ", 100)}); err != nil {
		t.Fatal(err)
	}
	for _, s := range []struct {
		who, client string
		keys        []string
	}{
		{"mira", "alex", []string{"left", "left", "left"}}, {"mira", "alex", []string{"left", "left", "left", "r"}}, {"mira", "alex", []string{"left", "left", "left", "n"}},
		{"mira", "alex", []string{"left", "left", "left", "left"}}, {"mira", "alex", []string{"left", "left", "left", "left", "n"}},
		{"alex", "", []string{"left", "left", "left"}}, {"alex", "", []string{"left", "left", "left", "left", "d"}},
	} {
		mv := practiceFile(t, d, s.who, "", s.client)
		practicePress(mv, s.keys...)
		for _, sz := range [][2]int{{80, 24}, {40, 10}, {120, 40}, {57, 13}, {200, 60}} {
			practiceSend(mv, tea.WindowSizeMsg{Width: sz[0], Height: sz[1]})
			checkFits(t, mv.View(), sz[0], sz[1])
			if t.Failed() {
				t.Fatalf("%s %v at %v:\n%s", s.who, s.keys, sz, mv.View())
			}
		}
	}
}

// Overdue actions stand out on the client's home and at the top of the
// coach's agenda (R23); not before their day has passed.
func TestOverdueActionsStandOut(t *testing.T) {
	t.Parallel()
	now := fixedClock()
	d := newDemo(t, func() time.Time { return now })
	for _, a := range []domain.NewAction{
		{Client: "casey", Title: "Send the report", Due: "2026-11-24"},
		{Client: "casey", Title: "Book the offsite", Due: "2026-12-20"},
	} {
		if _, err := d.svc.AddAction(d.as("mira", "team"), a); err != nil {
			t.Fatal(err)
		}
	}
	home := practiceModel(t, d, "casey", "", "home")
	v := practiceView(t, home)
	practiceHas(t, v, "Your actions", "[ ] Send the report  due 2026-11-24", "[ ] Book the offsite  due 2026-12-20")
	practiceLacks(t, v, "overdue")
	agenda := practiceModel(t, d, "mira", "", "agenda")
	practiceLacks(t, practiceView(t, agenda), "Casey Johnson: Send the report")

	now = now.AddDate(0, 0, 3)
	practiceSend(home, RefreshMsg{})
	v = practiceView(t, home)
	practiceHas(t, v, "[ ] Send the report  due 2026-11-24 · overdue")
	if strings.Index(v, "Send the report") > strings.Index(v, "Book the offsite") {
		t.Errorf("the overdue action is not first:\n%s", v)
	}
	practiceSend(agenda, RefreshMsg{})
	// The demo's overdue action of jane's, whom mira coaches too, comes first.
	practiceSend(agenda, tea.WindowSizeMsg{Width: 160, Height: 30}) // the line is cut to the width
	practiceHas(t, practiceView(t, agenda), "⚠ 2 overdue actions: Jane Smith: Send the board the quarterly report (due 2026-11-21) · Casey Johnson: Send the report (due 2026-11-24)")
	// rob, view-only for casey, sees jane's only; john, view-only for jane, none.
	v = practiceView(t, practiceModel(t, d, "rob", "", "agenda"))
	practiceHas(t, v, "⚠ 1 overdue action: Jane Smith")
	practiceLacks(t, v, "Casey Johnson: Send")
	practiceLacks(t, practiceView(t, practiceModel(t, d, "john", "", "agenda")), "overdue")
}
