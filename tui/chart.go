package tui

import (
	"math"
	"strings"
	"time"

	"github.com/NimbleMarkets/ntcharts/canvas"
	"github.com/NimbleMarkets/ntcharts/linechart"

	"behalf/domain"
)

// A metric drawn over time (ntcharts' line chart on a canvas): its values
// as points joined by a line, the target as a dashed line across, the
// value axis labelled with the lowest and highest values and the target,
// exactly as recorded, and the time axis with the first and last days.
// Marks differ in shape as well as colour (● values, ┄ target), so the
// chart reads on light and dark terminals and without colour at all.

// Chart runes, for what the chart draws and the tests read.
const (
	chartPoint  = '●'
	chartTarget = '┄'
)

// chartMinWidth and chartMinHeight: below them a chart says nothing useful.
const (
	chartMinWidth  = 30
	chartMinHeight = 6
)

// chartDay is a day's number on the time axis (days since 1970).
func chartDay(day string) float64 {
	t, err := time.Parse(domain.DateLayout, day)
	if err != nil {
		return 0
	}
	return float64(t.Unix() / 86400)
}

// metricChart draws m's values in width × height cells (axes and labels
// included), or nil when there is nothing to draw or no room for it.
func metricChart(st *Styles, m domain.MetricView, width, height int) []string {
	if len(m.Points) == 0 || width < chartMinWidth || height < chartMinHeight {
		return nil
	}
	// The value axis runs from the lowest to the highest value, the target
	// included; the time axis from the first day to the last.
	lo, hi := m.Points[0].Value, m.Points[0].Value
	for _, p := range m.Points {
		lo, hi = min(lo, p.Value), max(hi, p.Value)
	}
	low, high := lo, hi // of the values alone
	if t := m.Metric.Target; t != nil {
		lo, hi = min(lo, *t), max(hi, *t)
	}
	minY, maxY := lo.Float64(), hi.Float64()
	if maxY == minY {
		minY, maxY = minY-1, maxY+1
	}
	first, last := m.Points[0].On, m.Points[len(m.Points)-1].On
	minX, maxX := chartDay(first), chartDay(last)
	if maxX == minX {
		maxX = minX + 1
	}

	// Points sit on rows 1…graphHeight above the axis (row 0 is the axis)
	// and on columns 1…graphWidth right of it, scaled as the chart scales
	// them; the labels are put where the chart puts those values, so each
	// label stands on its value's row.
	graphHeight := height - 2 // the time axis and its labels take two rows
	rowOf := func(v float64) int {
		return 1 + int(math.Round((v-minY)/(maxY-minY)*float64(graphHeight-1)))
	}
	labels := map[int]string{rowOf(low.Float64()): low.String(), rowOf(high.Float64()): high.String()}
	if t := m.Metric.Target; t != nil {
		labels[rowOf(t.Float64())] = t.String()
	}
	var graphWidth int
	yLabel := func(i int, _ float64) string { return labels[i] }
	xLabel := func(i int, _ float64) string {
		switch {
		case i == 1:
			return first
		case i == graphWidth-len(last)+1 && last != first:
			return last
		}
		return ""
	}
	c := linechart.New(width, height, minX, maxX, minY, maxY,
		linechart.WithXYSteps(1, 1),
		linechart.WithXLabelFormatter(xLabel), linechart.WithYLabelFormatter(yLabel),
		linechart.WithStyles(st.Subtle, st.Subtle, st.Accent))
	graphWidth = c.GraphWidth()
	c.DrawXYAxisAndLabel()
	if t := m.Metric.Target; t != nil {
		c.DrawRuneLineWithStyle(canvas.Float64Point{X: minX, Y: t.Float64()}, canvas.Float64Point{X: maxX, Y: t.Float64()}, chartTarget, st.Yes)
	}
	pts := make([]canvas.Float64Point, len(m.Points))
	for i, p := range m.Points {
		pts[i] = canvas.Float64Point{X: chartDay(p.On), Y: p.Value.Float64()}
		if i > 0 {
			c.DrawBrailleLineWithStyle(pts[i-1], pts[i], st.Subtle)
		}
	}
	for _, p := range pts {
		c.DrawRuneWithStyle(p, chartPoint, st.Accent)
	}
	return strings.Split(c.View(), "\n")
}

// chartLegend says what the marks mean.
func chartLegend(st *Styles, m domain.MetricView) string {
	s := st.Accent.Render(string(chartPoint)) + " " + clean(m.Metric.Name) + " (" + clean(m.Metric.Unit) + ")"
	if t := m.Metric.Target; t != nil {
		s += "   " + st.Yes.Render(strings.Repeat(string(chartTarget), 2)) + " target " + t.String()
	}
	return s + "   " + st.Subtle.Render(domain.Plural(len(m.Points), "value", "values"))
}

// pointWords is a value as a person reads it: "72.5 kg on 2026-11-23".
func pointWords(m domain.MetricView, p domain.PointView) string {
	return p.Value.String() + " " + clean(m.Metric.Unit) + " on " + p.On
}
