package tui

import (
	"strings"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"behalf/domain"
)

// The Shop (R55): in a client's portal and a billing contact's workspace,
// the packages the practice sells, bought with a confirmation and then
// paid; below them the client's subscriptions, paused, resumed, renewed or
// cancelled here. The team (and assistants) get the Subscriptions screen:
// the same list for every client they may see. The domain decides every
// step; keys it refuses say why.

func init() {
	register(140, shopSpec, domain.WSMe, domain.WSContact)
	register(140, subscriptionsSpec, domain.WSTeam, domain.WSAssistant)
}

func shopSpec() ScreenSpec {
	return ScreenSpec{ID: "shop", Title: "Shop", Needs: domain.ActPackagesBuy, New: newShopScreen(true)}
}

func subscriptionsSpec() ScreenSpec {
	return ScreenSpec{ID: "subscriptions", Title: "Subscriptions", Needs: domain.ActSubscriptionsList, New: newShopScreen(false)}
}

type shopKeys struct {
	buy key.Binding
	subKeys
}

// subKeys change a subscription, in the Shop, the Subscriptions screen and
// the client file's Subscriptions part (file_subscriptions.go).
type subKeys struct{ pause, renew, cancel key.Binding }

// subKeyMap is the keys every screen of its kind copies: made once, as the
// bindings' keys and help never change (a screen may only switch its
// own copy on or off).
var subKeyMap = newSubKeys()

func newSubKeys() subKeys {
	return subKeys{
		pause:  key.NewBinding(key.WithKeys("p"), key.WithHelp("p", "pause/resume")),
		renew:  key.NewBinding(key.WithKeys("o"), key.WithHelp("o", "auto-renew off/on")),
		cancel: key.NewBinding(key.WithKeys("x"), key.WithHelp("x", "cancel subscription")),
	}
}

// changeFor is the change k asks of v, and whether k is one of the keys:
// p pauses or resumes, o turns auto-renew off or on, x cancels.
func (sk subKeys) changeFor(k tea.KeyMsg, v domain.SubscriptionView) (domain.SubscriptionChange, bool) {
	switch {
	case key.Matches(k, sk.pause):
		return pauseOrResume(v), true
	case key.Matches(k, sk.renew):
		return renewOffOrOn(v), true
	case key.Matches(k, sk.cancel):
		return domain.SubCancelNow, true
	}
	return "", false
}

func pauseOrResume(v domain.SubscriptionView) domain.SubscriptionChange {
	if v.Sub.Status == domain.SubPaused {
		return domain.SubResume
	}
	return domain.SubPause
}

func renewOffOrOn(v domain.SubscriptionView) domain.SubscriptionChange {
	if v.Sub.AutoRenew {
		return domain.SubRenewOff
	}
	return domain.SubRenewOn
}

// askSubChange makes change ch of v with do, asking q first when ch
// cancels it for good.
func askSubChange(q *yesNoPrompt, v domain.SubscriptionView, ch domain.SubscriptionChange, do func(domain.SubscriptionView, domain.SubscriptionChange) tea.Cmd) tea.Cmd {
	if ch != domain.SubCancelNow {
		return do(v, ch)
	}
	q.ask("Cancel subscription "+v.Sub.ID.String()+" ("+clean(v.Sub.Name)+") for good? An unpaid invoice of its current period is voided.",
		"cancel it", "", func() tea.Cmd { return do(v, ch) })
	return nil
}

// subChanged is the status line after a change to a subscription.
func subChanged(got domain.SubscriptionView) tea.Cmd {
	return Status("Subscription %s: %s", got.Sub.ID, subscriptionState(got))
}

type shopScreen struct {
	Context
	modalHost // "buy this?", "pay now?", "cancel it?"
	shop      bool
	forSale   []domain.CatalogEntry
	subs      []domain.SubscriptionView
	rows      selCursor
	refused   refusalNote
	err       error
	k         shopKeys
}

func newShopScreen(shop bool) func(c Context) Screen {
	return func(c Context) Screen {
		s := &shopScreen{Context: c, shop: shop}
		s.k = shopKeys{buy: key.NewBinding(key.WithKeys("enter", "b"), key.WithHelp("enter/b", "buy")), subKeys: subKeyMap}
		s.load()
		return s
	}
}

func (s *shopScreen) Init() tea.Cmd { return nil }
func (s *shopScreen) Title() string {
	if s.shop {
		return "Shop"
	}
	return "Subscriptions"
}
func (s *shopScreen) Capturing() bool { return s.modalOpen() }

func (s *shopScreen) SetSize(width, height int) {
	s.Common.SetSize(width, height)
	s.sizeModal(width, height)
}

func (s *shopScreen) load() {
	s.forSale, s.subs, s.err = nil, nil, nil
	if s.shop {
		es, err := s.Svc.Catalog(s.Who)
		for _, e := range es {
			if e.Purchasable {
				s.forSale = append(s.forSale, e)
			}
		}
		s.err = err
	}
	if d := Permitted(domain.ActSubscriptionsList, nil)(s.Context); d.Allowed {
		subs, err := s.Svc.ListSubscriptions(s.Who, domain.SubscriptionFilter{Limit: domain.MaxPage})
		s.subs = subs
		if s.err == nil {
			s.err = err
		}
	}
	s.rows.setLen(len(s.forSale) + len(s.subs))
}

func (s *shopScreen) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	switch msg := msg.(type) {
	case RefreshMsg:
		s.load()
	case tea.KeyMsg:
		return s, s.handleKey(msg)
	}
	return s, nil
}

// selected is the catalogue entry or the subscription under the cursor.
func (s *shopScreen) selected() (*domain.CatalogEntry, *domain.SubscriptionView) {
	i := s.rows.sel
	switch {
	case i < len(s.forSale):
		return &s.forSale[i], nil
	case i-len(s.forSale) < len(s.subs):
		return nil, &s.subs[i-len(s.forSale)]
	}
	return nil, nil
}

func (s *shopScreen) handleKey(k tea.KeyMsg) tea.Cmd {
	s.refused.clear()
	if cmd, ok := s.handleModal(k); ok {
		return cmd
	}
	e, sub := s.selected()
	if key.Matches(k, s.k.buy) && e != nil {
		s.askBuy(*e)
		return nil
	}
	if sub != nil {
		if ch, ok := s.k.changeFor(k, *sub); ok {
			return askSubChange(&s.confirm, *sub, ch, s.change)
		}
	}
	s.rows.move(k, s.Keys, max(s.Height/2-2, 1))
	return nil
}

// askBuy asks before buying, then offers to pay the invoice at once.
func (s *shopScreen) askBuy(e domain.CatalogEntry) {
	client := s.Access().Principal
	what := clean(e.Name) + " for " + clean(client.Name) + ": " + domain.Money(e.PriceCents, e.Currency)
	if e.Every != "" {
		what += ", " + domain.EveryWords(e.Every) + " until cancelled"
	}
	s.confirm.ask("Buy "+what+"? It can be used once its invoice is paid.", "buy it", "", func() tea.Cmd {
		p, err := s.Svc.BuyPackage(s.Who, "", e.ID)
		if err != nil {
			return s.refused.show(err)
		}
		s.load()
		inv := p.Invoice.Invoice
		if !p.Invoice.CanPay {
			return Status("Bought %s; invoice %s of %s is open", clean(e.Name), inv.ID, domain.Money(inv.TotalCents, inv.Currency))
		}
		s.confirm.ask("Bought: "+clean(p.Package.BoughtFor())+". Pay invoice "+inv.ID.String()+" of "+domain.Money(inv.TotalCents, inv.Currency)+" now?",
			"pay it", "Invoice "+inv.ID.String()+" is open; pay it later from the invoices", func() tea.Cmd {
				if _, err := s.Svc.PayInvoice(s.Who, inv.ID, ""); err != nil {
					return s.refused.show(err)
				}
				s.load()
				return Status("Paid: %s can be used now", clean(e.Name))
			})
		return nil
	})
}

func (s *shopScreen) change(v domain.SubscriptionView, ch domain.SubscriptionChange) tea.Cmd {
	got, err := s.Svc.ChangeSubscription(s.Who, v.Sub.ID, ch)
	if err != nil {
		return s.refused.show(err)
	}
	s.load()
	return subChanged(got)
}

// subscriptionState says where a subscription stands, for people.
func subscriptionState(v domain.SubscriptionView) string {
	switch {
	case v.NextInvoiceOn != "":
		return "active, next invoice " + v.NextInvoiceOn
	case v.EndsOn != "":
		return "active, auto-renew off, ends " + v.EndsOn
	}
	return string(v.Sub.Status)
}

func (s *shopScreen) View() string {
	if v, ok := s.modalView(); ok {
		return v
	}
	st := s.Styles
	var head []string
	if s.shop {
		head = append(head, st.Title.Render("For sale")+st.Subtle.Render(" · for "+clean(s.Access().Principal.Name)))
	} else {
		head = append(head, st.Title.Render("Subscriptions")+st.Subtle.Render(" · recurring packages of the clients you see"))
	}
	if s.err != nil {
		head = append(head, st.StatusError.Render(errText(s.err)))
	}
	foot := append(s.refused.lines(st, s.Width), s.confirmLines(st, s.Width)...)
	empty := "  nothing for sale and no subscriptions"
	if !s.shop {
		empty = "  no subscriptions among the clients you see"
	}
	lv := selList{head: head, foot: foot, rowH: 2, empty: empty}
	return lv.render(st, s.Width, s.Height, &s.rows, func(i int, sel bool) []string {
		if i < len(s.forSale) {
			e := s.forSale[i]
			line := selMark(st, sel) + clean(e.Name) + "  " + st.Accent.Render(domain.Money(e.PriceCents, e.Currency))
			about := domain.Plural(e.Sessions, "session", "sessions") + " · valid " + domain.Plural(e.ValidityDays, "day", "days")
			if e.Every != "" {
				about += " · renews " + domain.EveryWords(e.Every)
			}
			return []string{line, "    " + st.Subtle.Render(about)}
		}
		v := s.subs[i-len(s.forSale)]
		line := selMark(st, sel) + "Subscription " + v.Sub.ID.String() + ": " + clean(v.Sub.Name)
		if !s.shop {
			line += " · " + clean(v.Client.Name)
		}
		about := []string{"renews " + domain.EveryWords(v.Sub.Every), subscriptionState(v)}
		if v.BoughtBy != nil {
			about = append(about, "bought by "+partyLabel(*v.BoughtBy))
		}
		return []string{line, "    " + st.Subtle.Render(strings.Join(about, " · "))}
	})
}

func (s *shopScreen) ShortHelp() []key.Binding {
	if b, ok := s.modalHelp(); ok {
		return b
	}
	e, sub := s.selected()
	var b []key.Binding
	if e != nil {
		b = append(b, s.k.buy)
	}
	if sub != nil {
		b = append(b, s.k.pause, s.k.renew, s.k.cancel)
	}
	return b
}

func (s *shopScreen) FullHelp() [][]key.Binding {
	if s.modalOpen() {
		return [][]key.Binding{s.ShortHelp()}
	}
	return [][]key.Binding{{s.Keys.Up, s.Keys.Down, s.Keys.PageUp, s.Keys.PageDown, s.Keys.Top, s.Keys.Bottom}, {s.k.buy, s.k.pause, s.k.renew, s.k.cancel}}
}
