package tui

import (
	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"behalf/domain"
)

// The Subscriptions part of a client file (R55): the client's recurring
// packages, newest first, with where each stands, its next invoice and
// who bought it. Where the domain allows — the client, a billing contact,
// the team that invoices the client — p pauses or resumes, o turns
// auto-renew off or on and x cancels (after a question), as the Shop and
// `subscriptions ...` do. Subscribing is buying, in the Shop.

// hasSubscriptions: the part is shown when the client has a subscription
// this workspace may read. Subscribing is buying in the Shop, so for a
// client without one the part would offer nothing.
func hasSubscriptions(c Context, client string) bool {
	subs, err := c.Svc.ListSubscriptions(c.Who, domain.SubscriptionFilter{Client: client, Limit: 1})
	return err == nil && len(subs) > 0
}

type subscriptionsPart struct {
	f    *clientFile
	rows []domain.SubscriptionView
	k    *subKeys
	may  map[domain.SubscriptionChange]bool // decided for the open client at each load
}

func newSubscriptionsPart(f *clientFile) *subscriptionsPart {
	return &subscriptionsPart{f: f, k: &subKeyMap}
}

// load reads the client's subscriptions, all of them (a client has few),
// and which changes the domain allows here.
func (p *subscriptionsPart) load(domain.ID) (bool, error) {
	c := *p.f.client
	tg := domain.Target{Client: &c}
	p.may = map[domain.SubscriptionChange]bool{}
	for _, ch := range []domain.SubscriptionChange{domain.SubPause, domain.SubResume, domain.SubRenewOff, domain.SubRenewOn, domain.SubCancelNow} {
		p.may[ch] = p.f.Decide(ch.Action(), tg).Allowed
	}
	var err error
	p.rows, err = p.f.Svc.ListSubscriptions(p.f.Who, domain.SubscriptionFilter{Client: c.Handle, Limit: domain.MaxPage})
	return false, err
}

func (p *subscriptionsPart) oldest() domain.ID     { return 0 }
func (p *subscriptionsPart) count() int            { return len(p.rows) }
func (p *subscriptionsPart) top(int, int) []string { return nil }
func (p *subscriptionsPart) spaced() bool          { return true }
func (p *subscriptionsPart) empty() string         { return "no subscriptions" }

func (p *subscriptionsPart) selected() (domain.SubscriptionView, bool) {
	if p.f.sel < len(p.rows) {
		return p.rows[p.f.sel], true
	}
	return domain.SubscriptionView{}, false
}

// offers: change ch of v is offered here. An ended or cancelled
// subscription changes no more.
func (p *subscriptionsPart) offers(v domain.SubscriptionView, ch domain.SubscriptionChange) bool {
	open := v.Sub.Status == domain.SubActive || v.Sub.Status == domain.SubPaused
	return open && p.may[ch]
}

func (p *subscriptionsPart) blocks(width int) [][]string {
	st := p.f.Styles
	loc := p.f.Access().Org.Location()
	out := make([][]string, 0, len(p.rows))
	for _, v := range p.rows {
		head := "Subscription " + v.Sub.ID.String() + ": " + clean(v.Sub.Name) + "  " + subscriptionStatus(st, v.Sub.Status)
		when := "renews " + domain.EveryWords(v.Sub.Every)
		switch {
		case v.NextInvoiceOn != "":
			when += " · next invoice " + v.NextInvoiceOn
		case v.EndsOn != "":
			when += " · auto-renew off, ends " + v.EndsOn
		case v.Sub.Status == domain.SubPaused:
			when += " · no invoices while paused"
		}
		lines := []string{head}
		for _, l := range wrapped(when, 0, max(width-4, 10), st.Subtle) {
			lines = append(lines, "    "+l)
		}
		bought := "since " + v.Sub.Created.In(loc).Format(domain.DateLayout)
		if v.BoughtBy != nil {
			bought = "bought by " + partyLabel(*v.BoughtBy) + " on " + v.Sub.Created.In(loc).Format(domain.DateLayout)
		}
		for _, l := range wrapped(bought, 0, max(width-4, 10), st.Subtle) {
			lines = append(lines, "    "+l)
		}
		out = append(out, lines)
	}
	return out
}

// subscriptionStatus is a subscription's status word, styled.
func subscriptionStatus(st *Styles, s domain.SubscriptionStatus) string {
	switch s {
	case domain.SubActive:
		return st.Yes.Render("active")
	case domain.SubPaused:
		return st.Warn.Render("paused")
	}
	return st.Subtle.Render(clean(string(s)))
}

func (p *subscriptionsPart) key(k tea.KeyMsg) (tea.Cmd, bool) {
	v, ok := p.selected()
	if !ok {
		return nil, false
	}
	ch, ok := p.k.changeFor(k, v)
	if !ok || !p.offers(v, ch) {
		return nil, false
	}
	return askSubChange(&p.f.confirm, v, ch, p.change), true
}

// change makes ch through the same use case as `subscriptions ...`.
func (p *subscriptionsPart) change(v domain.SubscriptionView, ch domain.SubscriptionChange) tea.Cmd {
	got, err := p.f.Svc.ChangeSubscription(p.f.Who, v.Sub.ID, ch)
	if err != nil {
		return Failed(err)
	}
	p.f.loadTab()
	return subChanged(got)
}

// subChangeWords say in the help what a key does to the selected one.
var subChangeWords = map[domain.SubscriptionChange]string{domain.SubPause: "pause", domain.SubResume: "resume",
	domain.SubRenewOff: "auto-renew off", domain.SubRenewOn: "auto-renew on", domain.SubCancelNow: "cancel subscription"}

// help offers the keys the selected subscription takes, each saying what
// it does to it.
func (p *subscriptionsPart) help() []key.Binding {
	v, ok := p.selected()
	if !ok {
		return nil
	}
	var b []key.Binding
	for _, o := range []struct {
		k  key.Binding
		ch domain.SubscriptionChange
	}{{p.k.pause, pauseOrResume(v)}, {p.k.renew, renewOffOrOn(v)}, {p.k.cancel, domain.SubCancelNow}} {
		if p.offers(v, o.ch) {
			o.k.SetHelp(o.k.Help().Key, subChangeWords[o.ch])
			b = append(b, o.k)
		}
	}
	return b
}

func (p *subscriptionsPart) canNew() (bool, string) { return false, "" }
func (p *subscriptionsPart) newItem() tea.Cmd       { return nil }
