package domain

import (
	"cmp"
	"slices"
	"strings"
	"time"
)

// Metrics (R23): numbers a client tracks over time — a weight, a revenue,
// hours of sleep — each with a unit and an optional target, and one value
// per day. Coaching access sets them up (R13); the client and coaching
// access record values; the same people read them as read actions, and no
// contact ever does (R31). Values are exact decimals (decimal.go).

const (
	colMetrics      Collection = "metrics"
	colMetricPoints Collection = "metric_points"
)

const (
	ActMetricsList   Action = "metrics.list"
	ActMetricsShow   Action = "metrics.show"
	ActMetricsDefine Action = "metrics.define"
	ActMetricsRecord Action = "metrics.record"
)

// Bounds on metrics.
const (
	MaxMetricNameLen = 60
	MaxMetricUnitLen = 20
	// MaxMetricPoints is the most values one look at a metric returns (the
	// latest ones in the days asked for): ten years of weekly values.
	MaxMetricPoints = 520
	// metricBackYears: a value is recorded for a day at most this long ago.
	metricBackYears = 10
)

// Metric is one number a client tracks.
type Metric struct {
	ID     ID     `json:"id"`
	Client ID     `json:"client"`
	Name   string `json:"name"`
	Unit   string `json:"unit"`
	// Target is the value aimed at, if any.
	Target  *Decimal  `json:"aim,omitempty"` // not "target", which the audit uses for words
	Author  ID        `json:"author"`
	Behalf  ID        `json:"behalf,omitempty"`
	Created time.Time `json:"created"`
}

// MetricPoint is a metric's value on one day.
type MetricPoint struct {
	ID     ID        `json:"id"`
	Metric ID        `json:"metric"`
	Client ID        `json:"client"`
	On     string    `json:"on"` // 2006-01-02
	Value  Decimal   `json:"value"`
	By     ID        `json:"recorded_by"` // not "by", which words use
	Behalf ID        `json:"behalf,omitempty"`
	At     time.Time `json:"at"`
}

func saveMetric(tx Tx, m *Metric) error {
	if err := newID(tx, colMetrics, &m.ID); err != nil {
		return err
	}
	return tx.Put(colMetrics, m.ID, m,
		Index{Name: "client", Key: pairKey(m.Client, m.ID)},
		Index{Name: "name", Key: m.Client.Key() + "/" + strings.ToLower(m.Name), Unique: true})
}

// Points are found by metric and day (one value a day) and by client, for
// R19's cascade.
func savePoint(tx Tx, p *MetricPoint) error {
	if err := newID(tx, colMetricPoints, &p.ID); err != nil {
		return err
	}
	return tx.Put(colMetricPoints, p.ID, p,
		Index{Name: "metric", Key: p.Metric.Key() + "/" + p.On, Unique: true},
		Index{Name: "client", Key: pairKey(p.Client, p.ID)})
}

func noMetric(id ID) error { return notFoundf("no metric %s", id) }

// ruleMetricsRecord: the client records their own values, and coaching
// access records them too (R13); view-only never (R14), contacts never.
func ruleMetricsRecord(j judge, t Target) Decision {
	switch j.a.Workspace.Kind {
	case WSContact:
		return deny("metrics are coaching work, never shown to contacts") // R23, R31
	case WSMe:
		if ok, d := j.forOwnClient(t.Client); !ok {
			return d
		}
		return allow("these are your own metrics")
	}
	return ruleCoachLevel(LevelCoaching, "record metrics")(j, t)
}

// --- views

// PointView is one value as shown.
type PointView struct {
	On    string
	Value Decimal
	By    Party // who recorded it, by the one rule of who is seen
}

// MetricView is a metric with its values (in day order) and what this
// workspace may do with it.
type MetricView struct {
	Metric    Metric
	Client    Person
	SetUpBy   Party
	Points    []PointView // ShowMetric: the days asked for; ListMetrics: the latest
	More      bool        // older values than shown exist in the days asked for
	CanRecord bool
}

func (v *practiceView) metric(m Metric, points []MetricPoint) MetricView {
	c := v.person(m.Client)
	mv := MetricView{Metric: m, Client: c, SetUpBy: v.party(m.Author, m.Behalf, m.Client)}
	mv.CanRecord = v.o.allowed(ActMetricsRecord, Target{Client: &c})
	for _, p := range points {
		mv.Points = append(mv.Points, PointView{On: p.On, Value: p.Value, By: v.party(p.By, p.Behalf, m.Client)})
	}
	return mv
}

// Latest is the most recent value shown, if any.
func (m MetricView) Latest() (PointView, bool) {
	if len(m.Points) == 0 {
		return PointView{}, false
	}
	return m.Points[len(m.Points)-1], true
}

// --- use cases

// NewMetric is what `metrics define` and the metric form collect.
type NewMetric struct {
	Client string
	Name   string
	Unit   string
	Target string // a decimal, optional
}

// DefineMetric sets up a metric for a client to track (R23).
func (s *Service) DefineMetric(who Who, in NewMetric) (MetricView, error) {
	var out MetricView
	err := s.write(who, func(o *op) error {
		c, err := o.client(in.Client)
		if err != nil {
			return err
		}
		if err := o.authorize(ActMetricsDefine, Target{Client: &c}); err != nil {
			return err
		}
		name, err := cleanLine("the name", in.Name, MaxMetricNameLen, true)
		if err != nil {
			return inField("name", err)
		}
		unit, err := cleanLine("the unit", in.Unit, MaxMetricUnitLen, true)
		if err != nil {
			return inField("unit", err)
		}
		m := Metric{Client: c.ID, Name: name, Unit: unit, Author: o.a.Actor.ID, Behalf: o.a.OnBehalfOf(), Created: o.now}
		if strings.TrimSpace(in.Target) != "" {
			t, err := ParseDecimal(in.Target)
			if err != nil {
				return inField("target", err)
			}
			m.Target = &t
		}
		if err := saveMetric(o.tx, &m); err != nil {
			if KindOf(err) == KindConflict {
				return inField("name", conflictf("%s already tracks a metric named %q; pick another name", c.Handle, name))
			}
			return err
		}
		o.touchPractice(c.ID)
		out = o.newViewer().metric(m, nil)
		w := say(o.me(), " set up a metric for you to track: "+name+" ("+unit+").")
		if err := o.practiceNotify(string(EventMetricRecorded), c.ID, w, c.ID); err != nil {
			return err
		}
		detail := "in " + unit
		if m.Target != nil {
			detail += ", target " + m.Target.String()
		}
		return o.audit(ActMetricsDefine, record{Target: "metric " + m.ID.String() + " (" + name + ") for " + c.Handle, Client: c.ID, Detail: detail})
	})
	return out, err
}

// loadMetricFor loads a metric this workspace may see and authorises act
// on it; one out of sight answers as one that does not exist.
func (o *op) loadMetricFor(id ID, act Action) (Metric, Person, error) {
	m, err := get[Metric](o.tx, colMetrics, id)
	if KindOf(err) == KindNotFound {
		return m, Person{}, noMetric(id)
	}
	if err != nil {
		return m, Person{}, err
	}
	if err := o.inSight(m.Client, noMetric(id)); err != nil {
		return m, Person{}, err
	}
	c, err := o.loadPerson(m.Client)
	if err != nil {
		return m, c, err
	}
	return m, c, o.authorize(act, Target{Client: &c})
}

// pointDay reads the day a value is for: today by default, never ahead,
// at most ten years back.
func (o *op) pointDay(s string) (string, error) {
	today := o.now.In(o.a.Org.Location()).Format(DateLayout)
	if strings.TrimSpace(s) == "" {
		return today, nil
	}
	d, err := ParseDay(s)
	if err != nil {
		return "", err
	}
	day := d.Format(DateLayout)
	if day > today {
		return "", invalidf("%s has not come yet; record a value for today or an earlier day", day)
	}
	if day < o.now.In(o.a.Org.Location()).AddDate(-metricBackYears, 0, 0).Format(DateLayout) {
		return "", invalidf("%s is more than %d years ago", day, metricBackYears)
	}
	return day, nil
}

// RecordMetric records a metric's value for a day (today by default); a
// second value for the same day replaces the first.
func (s *Service) RecordMetric(who Who, id ID, value, on string) (MetricView, error) {
	var out MetricView
	err := s.write(who, func(o *op) error {
		m, c, err := o.loadMetricFor(id, ActMetricsRecord)
		if err != nil {
			return err
		}
		val, err := ParseDecimal(value)
		if err != nil {
			return inField("value", err)
		}
		day, err := o.pointDay(on)
		if err != nil {
			return inField("on", err)
		}
		p := MetricPoint{Metric: m.ID, Client: c.ID, On: day, Value: val, By: o.a.Actor.ID, Behalf: o.a.OnBehalfOf(), At: o.now}
		detail := val.String() + " on " + day
		if old, err := o.tx.Lookup(colMetricPoints, "metric", m.ID.Key()+"/"+day); err == nil {
			prev, err := get[MetricPoint](o.tx, colMetricPoints, old)
			if err != nil {
				return err
			}
			if prev.Value == val {
				return conflictf("%s is already %s %s on %s", m.Name, val, m.Unit, day)
			}
			p.ID, detail = prev.ID, prev.Value.String()+" → "+val.String()+" on "+day
		} else if KindOf(err) != KindNotFound {
			return err
		}
		if err := savePoint(o.tx, &p); err != nil {
			return err
		}
		o.touchPractice(c.ID)
		out = o.newViewer().metric(m, []MetricPoint{p})
		w := say(o.me(), " recorded "+m.Name+": "+val.String()+" "+m.Unit+" on "+day+".")
		if err := o.practiceNotify(string(EventMetricRecorded), c.ID, w, c.ID); err != nil {
			return err
		}
		return o.audit(ActMetricsRecord, record{Target: "metric " + m.ID.String() + " (" + m.Name + ") for " + c.Handle, Client: c.ID, Detail: detail})
	})
	return out, err
}

// MetricFilter selects metrics, newest first.
type MetricFilter struct {
	Client string
	Before ID
	Limit  int
}

// ListMetrics lists metrics newest first, each with its latest value: one
// client's, or for the team every client's it may read (R23).
func (s *Service) ListMetrics(who Who, f MetricFilter) ([]MetricView, error) {
	var out []MetricView
	err := s.read(who, func(o *op) error {
		v := o.newViewer()
		var got []Metric
		limit := pageSize(f.Limit)
		err := o.scanClientRecords(colMetrics, ActMetricsList, "", f.Client, f.Before, limit, func(id ID) (bool, error) {
			m, err := get[Metric](o.tx, colMetrics, id)
			if err != nil || !v.may(ActMetricsList, m.Client) {
				return false, err
			}
			got = append(got, m)
			return true, nil
		})
		if err != nil {
			return err
		}
		slices.SortStableFunc(got, func(a, b Metric) int { return cmp.Compare(b.ID, a.ID) })
		for _, m := range got[:min(len(got), limit)] {
			pts, _, err := o.points(m.ID, "", "", 1)
			if err != nil {
				return err
			}
			out = append(out, v.metric(m, pts))
		}
		return nil
	})
	return out, err
}

// ShowMetric returns a metric with its values from one day to another
// (both included, either open), in day order: the latest MaxMetricPoints.
func (s *Service) ShowMetric(who Who, id ID, from, to string) (MetricView, error) {
	var out MetricView
	err := s.read(who, func(o *op) error {
		m, _, err := o.loadMetricFor(id, ActMetricsShow)
		if err != nil {
			return err
		}
		var lo, hi string
		if strings.TrimSpace(from) != "" {
			d, err := ParseDay(from)
			if err != nil {
				return err
			}
			lo = d.Format(DateLayout)
		}
		if strings.TrimSpace(to) != "" {
			d, err := ParseDay(to)
			if err != nil {
				return err
			}
			hi = d.Format(DateLayout)
		}
		if lo != "" && hi != "" && hi < lo {
			return invalidf("--to %s is before --from %s", hi, lo)
		}
		pts, more, err := o.points(m.ID, lo, hi, MaxMetricPoints)
		if err != nil {
			return err
		}
		out = o.newViewer().metric(m, pts)
		out.More = more
		return nil
	})
	return out, err
}

// points reads up to limit of a metric's latest values in [lo, hi] (days;
// "" leaves a side open), returned in day order; more says older ones
// were left out.
func (o *op) points(metric ID, lo, hi string, limit int) ([]MetricPoint, bool, error) {
	prefix := metric.Key() + "/"
	q := Query{Index: "metric", Prefix: prefix, Reverse: true}
	if hi != "" {
		q.From = prefix + hi
	}
	var out []MetricPoint
	more := false
	err := o.tx.Scan(colMetricPoints, q, func(key string, id ID) (bool, error) {
		if lo != "" && key < prefix+lo {
			return false, nil
		}
		if len(out) == limit {
			more = true
			return false, nil
		}
		p, err := get[MetricPoint](o.tx, colMetricPoints, id)
		if err != nil {
			return false, err
		}
		out = append(out, p)
		return true, nil
	})
	slices.Reverse(out)
	return out, more, err
}

// A deleted client's metrics and values go with them (R19).
func init() {
	onDelete = append(onDelete, func(o *op, p Person) error {
		if !p.Client {
			return nil
		}
		for _, col := range []Collection{colMetricPoints, colMetrics} {
			ids, err := idsUnder(o.tx, col, "client", p.ID.Key()+"/")
			if err != nil {
				return err
			}
			if err := deleteAll(o.tx, col, ids); err != nil {
				return err
			}
		}
		return nil
	})
}

// verifyMetrics: a metric belongs to a client who exists and has a name
// and a unit, unique per client regardless of case.
func verifyMetrics(v *verification) error {
	v.metrics = map[ID]Metric{}
	names := map[string]bool{}
	return each(v.tx, colMetrics, Query{}, func(m Metric) (bool, error) {
		v.metrics[m.ID] = m
		if !v.isClient(m.Client) {
			v.add("metric %s belongs to a client who does not exist", m.ID)
		}
		if m.Name == "" || m.Unit == "" || m.Author == 0 {
			v.add("metric %s is incomplete", m.ID)
		}
		if m.Target != nil && (*m.Target > MaxDecimal || *m.Target < -MaxDecimal) {
			v.add("metric %s has a target out of bounds", m.ID)
		}
		k := m.Client.Key() + "/" + strings.ToLower(m.Name)
		if names[k] {
			v.add("metric %s repeats the name %q", m.ID, m.Name)
		}
		names[k] = true
		return true, nil
	})
}

// verifyMetricPoints: a value belongs to a metric that exists, of the same
// client, on a real day, within bounds, one a day.
func verifyMetricPoints(v *verification) error {
	days := map[string]bool{}
	return each(v.tx, colMetricPoints, Query{}, func(p MetricPoint) (bool, error) {
		m, ok := v.metrics[p.Metric]
		if !ok || m.Client != p.Client {
			v.add("value %s belongs to no metric of its client", p.ID)
		}
		if _, err := time.Parse(DateLayout, p.On); err != nil {
			v.add("value %s is for the day %q", p.ID, p.On)
		}
		if p.Value > MaxDecimal || p.Value < -MaxDecimal {
			v.add("value %s is out of bounds", p.ID)
		}
		k := p.Metric.Key() + "/" + p.On
		if days[k] {
			v.add("metric %s has two values on %s", p.Metric, p.On)
		}
		days[k] = true
		return true, nil
	})
}
