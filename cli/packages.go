package cli

import (
	"strconv"

	"behalf/domain"
)

func init() {
	register(
		&command{noun: "packages", verb: "catalog", maxArgs: 0, summary: "the packages the practice offers", run: runPackagesCatalog},
		&command{noun: "packages", verb: "define", maxArgs: 0, summary: "add a package to the catalogue",
			flags: []flagSpec{
				{name: "name", arg: "N", usage: "the package's name", req: true},
				{name: "sessions", arg: "N", usage: "sessions included", req: true},
				{name: "price", arg: "AMOUNT", usage: "price in major units, e.g. 450.00", req: true},
				{name: "days", arg: "N", usage: "valid for N days from assignment", req: true},
				{name: "purchasable", kind: boolf, usage: "clients and their billing contacts may buy it"},
				{name: "every", arg: "1m|Nw", usage: "a recurring package, renewed monthly or every N weeks (bought by subscribing)"},
			}, run: runPackagesDefine},
		&command{noun: "packages", verb: "list", maxArgs: 0, summary: "client packages with their usage",
			flags: []flagSpec{
				{name: "client", arg: "H", usage: "only this client's packages"},
				{name: "limit", arg: "N", usage: "at most N packages (default 50)"},
			}, run: runPackagesList},
		&command{noun: "packages", verb: "assign", maxArgs: 0, summary: "give a client a package from the catalogue",
			flags: []flagSpec{
				{name: "client", arg: "H", usage: "the client", req: true},
				{name: "package", arg: "ID", usage: "the catalogue package", req: true},
				{name: "bought-by", arg: "H", usage: "the contact who paid for it"},
			}, run: runPackagesAssign},
		&command{noun: "packages", verb: "reassign", args: "ID", minArgs: 1, maxArgs: 1, summary: "move a package a contact bought to the client it is for",
			flags: []flagSpec{{name: "client", arg: "H", usage: "the client who gets it", req: true}}, run: runPackagesReassign},
	)
}

type catalogJSON struct {
	ID           string `json:"id"`
	Name         string `json:"name"`
	Sessions     int    `json:"sessions"`
	PriceCents   int64  `json:"price_cents"`
	Currency     string `json:"currency"`
	ValidityDays int    `json:"validity_days"`
	Purchasable  bool   `json:"purchasable"`
	Every        string `json:"every,omitempty"`
}

func catalogView(e domain.CatalogEntry) catalogJSON {
	return catalogJSON{ID: e.ID.String(), Name: e.Name, Sessions: e.Sessions, PriceCents: e.PriceCents, Currency: e.Currency, ValidityDays: e.ValidityDays,
		Purchasable: e.Purchasable, Every: e.Every}
}

// saleWords says how an entry is sold: "buy", "buy, every month", or "-".
func saleWords(e domain.CatalogEntry) string {
	switch {
	case e.Every != "":
		return "subscribe, " + domain.EveryWords(e.Every)
	case e.Purchasable:
		return "buy"
	}
	return "-"
}

type packageJSON struct {
	ID                string `json:"id"`
	Client            string `json:"client"`
	Name              string `json:"name"`
	SessionsTotal     int    `json:"sessions_total"`
	SessionsUsed      int    `json:"sessions_used"`
	SessionsRemaining int    `json:"sessions_remaining"`
	Expires           string `json:"expires"`
	Expired           bool   `json:"expired"`
	BoughtBy          string `json:"bought_by,omitempty"`
	// A package bought in the portal: its invoice, and whether it can be
	// used (once the invoice is paid in full, R55).
	Invoice      string `json:"invoice,omitempty"`
	Usable       bool   `json:"usable"`
	Subscription string `json:"subscription,omitempty"`
}

func packageView(p domain.PackageView) packageJSON {
	v := packageJSON{ID: p.Package.ID.String(), Client: p.Client.Handle, Name: p.Package.Name, SessionsTotal: p.Package.SessionsTotal,
		SessionsUsed: p.Package.SessionsUsed, SessionsRemaining: p.Remaining, Expires: p.Package.Expires, Expired: p.Expired,
		Usable: p.Usable()}
	if p.BoughtBy != nil {
		v.BoughtBy = p.BoughtBy.Handle
	}
	if p.Package.Invoice != 0 {
		v.Invoice = p.Package.Invoice.String()
	}
	if p.Package.Subscription != 0 {
		v.Subscription = p.Package.Subscription.String()
	}
	return v
}

func runPackagesCatalog(c *call) error {
	es, err := c.env.Service.Catalog(c.who)
	if err != nil {
		return err
	}
	out := make([]catalogJSON, 0, len(es))
	for _, e := range es {
		out = append(out, catalogView(e))
	}
	return c.emit(out, func(w *textOut) {
		w.table("The catalogue is empty.", "ID", "NAME", "SESSIONS", "PRICE", "VALID", "IN THE PORTAL")
		for _, e := range es {
			w.row(e.ID.String(), e.Name, strconv.Itoa(e.Sessions), domain.Money(e.PriceCents, e.Currency), strconv.Itoa(e.ValidityDays)+" days", saleWords(e))
		}
	})
}

func runPackagesDefine(c *call) error {
	sessions, err := parseCount(c, "sessions", 1, domain.MaxPackageSessions)
	if err != nil {
		return err
	}
	days, err := parseCount(c, "days", 1, domain.MaxPackageDays)
	if err != nil {
		return err
	}
	e, err := c.env.Service.DefinePackage(c.who, domain.NewCatalogEntry{Name: c.str("name"), Sessions: sessions, Price: c.rawFlag("price"), ValidityDays: days,
		Purchasable: c.flag("purchasable"), Every: c.str("every")})
	if err != nil {
		return err
	}
	return c.emit(catalogView(e), func(w *textOut) {
		sale := ""
		if e.Purchasable {
			sale = "; clients " + map[bool]string{true: "subscribe, renewed " + domain.EveryWords(e.Every), false: "buy it in the portal"}[e.Every != ""]
		}
		w.line("Defined: catalogue package " + e.ID.String() + " " + e.Name + ", " + strconv.Itoa(e.Sessions) + " sessions, " +
			domain.Money(e.PriceCents, e.Currency) + ", valid " + strconv.Itoa(e.ValidityDays) + " days" + sale + ".")
	})
}

func packageRows(w *textOut, ps []domain.PackageView) {
	w.table("No packages.", "ID", "CLIENT", "NAME", "USED", "LEFT", "EXPIRES", "BOUGHT BY")
	for _, p := range ps {
		exp := p.Package.Expires
		switch {
		case p.Package.Pending:
			exp = "once invoice " + p.Package.Invoice.String() + " is paid"
		case p.Expired:
			exp += " (expired)"
		}
		by := "-"
		if p.BoughtBy != nil {
			by = p.BoughtBy.Handle
		}
		w.row(p.Package.ID.String(), p.Client.Handle, p.Package.Name, strconv.Itoa(p.Package.SessionsUsed)+"/"+strconv.Itoa(p.Package.SessionsTotal),
			strconv.Itoa(p.Remaining), exp, by)
	}
}

func runPackagesList(c *call) error {
	f := domain.PackageFilter{Client: c.str("client")}
	if c.set("limit") {
		n, err := parseCount(c, "limit", 1, domain.MaxPage)
		if err != nil {
			return err
		}
		f.Limit = n
	}
	ps, err := c.env.Service.ListPackages(c.who, f)
	if err != nil {
		return err
	}
	out := make([]packageJSON, 0, len(ps))
	for _, p := range ps {
		out = append(out, packageView(p))
	}
	return c.emit(out, func(w *textOut) { packageRows(w, ps) })
}

func runPackagesAssign(c *call) error {
	id, err := domain.ParseID(c.str("package"))
	if err != nil {
		return err
	}
	p, err := c.env.Service.AssignPackage(c.who, domain.PackageAssignment{Client: c.str("client"), Package: id, BoughtBy: c.str("bought-by")})
	if err != nil {
		return err
	}
	return c.emit(packageView(p), func(w *textOut) {
		w.line("Assigned: package " + p.Package.ID.String() + " (" + p.Package.Name + ") to " + p.Client.Handle + ", " +
			strconv.Itoa(p.Package.SessionsTotal) + " sessions, expires " + p.Package.Expires + ".")
	})
}

func runPackagesReassign(c *call) error {
	id, err := c.idArg()
	if err != nil {
		return err
	}
	p, err := c.env.Service.ReassignPackage(c.who, id, c.str("client"))
	if err != nil {
		return err
	}
	return c.emit(packageView(p), func(w *textOut) {
		w.line("Reassigned: package " + p.Package.ID.String() + " (" + p.Package.Name + ") now belongs to " + p.Client.Handle + ".")
	})
}

// rawFlag is a string flag as typed, untrimmed: amounts are checked by the
// domain, which decides what surrounding text it accepts.
func (c *call) rawFlag(name string) string {
	v, _ := c.fs.GetString(name)
	return v
}
