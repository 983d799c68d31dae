package domain

import (
	"strings"
	"time"

	"behalf/contrast"
)

// Branding (R24): the organisation's display name, accent colour and a
// short banner, in every session's header. manage_branding sets them;
// everyone sees them.

const colBranding Collection = "branding"

const (
	ActBrandingShow Action = "branding.show"
	ActBrandingSet  Action = "branding.set"
)

// MaxBannerLen bounds the banner: it shares the header's one line.
const MaxBannerLen = 60

const brandingID ID = 1

// Branding is what the header shows. An empty Name means the
// organisation's name; an empty Accent the screens' own colour.
type Branding struct {
	Name    string    `json:"name,omitempty"`
	Accent  string    `json:"accent,omitempty"` // #rrggbb
	Banner  string    `json:"banner,omitempty"`
	Updated time.Time `json:"updated,omitzero"`
}

// BrandingView is the branding with the name to show filled in.
type BrandingView struct {
	Branding
	Shown string // the display name, or the organisation's name
}

func loadBranding(tx Tx, org Org) (BrandingView, error) {
	b, err := get[Branding](tx, colBranding, brandingID)
	if err != nil && KindOf(err) != KindNotFound {
		return BrandingView{}, err
	}
	v := BrandingView{Branding: b, Shown: b.Name}
	if v.Shown == "" {
		v.Shown = org.Name
	}
	return v, nil
}

// Brand is the branding for the header of any session, signed in or not
// (like Org): nothing in it is private.
func (s *Service) Brand() (BrandingView, error) {
	var v BrandingView
	err := s.store.View(func(tx Tx) error {
		org, err := loadOrg(tx)
		if err != nil {
			return err
		}
		v, err = loadBranding(tx, org)
		return err
	})
	return v, err
}

// ShowBranding is `branding show`, in any workspace.
func (s *Service) ShowBranding(who Who) (BrandingView, error) {
	var v BrandingView
	err := s.read(who, func(o *op) error {
		if err := o.authorize(ActBrandingShow, Target{}); err != nil {
			return err
		}
		var err error
		v, err = loadBranding(o.tx, o.a.Org)
		return err
	})
	return v, err
}

// BrandingChange is what `branding set` and the branding screen send; nil
// fields stay as they are, an empty one goes back to the default.
type BrandingChange struct {
	Name, Accent, Banner *string
}

// CheckAccent reads a brand colour: #rrggbb, and legible as given on
// light or on dark terminals (WCAG AA against their usual backgrounds);
// the screens derive the other kind's shade from it. A colour that reads
// on neither — a mid-tone — is refused. Empty is the default colour.
func CheckAccent(s string) (string, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return "", nil
	}
	c, err := contrast.Parse(s)
	if err != nil {
		return "", inField("accent", invalidf("%q is not a colour written #rrggbb, for example #1d4ed8", clip(s, 20)))
	}
	if !contrast.ReadsOn(c, contrast.Light) && !contrast.ReadsOn(c, contrast.Dark) {
		return "", inField("accent", invalidf("%s is hard to read on both light and dark terminals; pick a deeper shade (for light ones) or a brighter one (for dark ones)", c.Hex()))
	}
	return c.Hex(), nil
}

// SetBranding changes the branding (manage_branding, R24).
func (s *Service) SetBranding(who Who, ch BrandingChange) (BrandingView, error) {
	var out BrandingView
	err := s.write(who, func(o *op) error {
		if err := o.authorize(ActBrandingSet, Target{}); err != nil {
			return err
		}
		if ch.Name == nil && ch.Accent == nil && ch.Banner == nil {
			return invalidf("say what to change: --name, --accent or --banner")
		}
		cur, err := loadBranding(o.tx, o.a.Org)
		if err != nil {
			return err
		}
		b := cur.Branding
		var changed []string
		if ch.Name != nil {
			name, err := cleanLine("the display name", *ch.Name, MaxNameLen, false)
			if err != nil {
				return inField("name", err)
			}
			if name != b.Name {
				changed, b.Name = append(changed, "name "+orDefault(name)), name
			}
		}
		if ch.Accent != nil {
			accent, err := CheckAccent(*ch.Accent)
			if err != nil {
				return err
			}
			if accent != b.Accent {
				changed, b.Accent = append(changed, "accent "+orDefault(accent)), accent
			}
		}
		if ch.Banner != nil {
			banner, err := cleanLine("the banner", *ch.Banner, MaxBannerLen, false)
			if err != nil {
				return inField("banner", err)
			}
			if banner != b.Banner {
				changed, b.Banner = append(changed, "banner "+orDefault(banner)), banner
			}
		}
		if len(changed) == 0 {
			return conflictf("nothing changed: the branding already says that")
		}
		b.Updated = o.now
		if err := o.tx.Put(colBranding, brandingID, b); err != nil {
			return err
		}
		out, err = loadBranding(o.tx, o.a.Org)
		if err != nil {
			return err
		}
		o.touchTeam() // the team's open headers; others follow at their next refresh
		return o.audit(ActBrandingSet, record{Target: "branding", Detail: strings.Join(changed, "; ")})
	})
	return out, err
}

func orDefault(s string) string {
	if s == "" {
		return "(default)"
	}
	return s
}

// verifyBranding: at most the one record, its colour one the domain
// accepts and its words clean lines.
func verifyBranding(v *verification) error {
	return v.tx.Scan(colBranding, Query{}, func(_ string, id ID) (bool, error) {
		b, err := get[Branding](v.tx, colBranding, id)
		if err != nil {
			return false, err
		}
		_, errA := CheckAccent(b.Accent)
		_, errN := cleanLine("name", b.Name, MaxNameLen, false)
		_, errB := cleanLine("banner", b.Banner, MaxBannerLen, false)
		if id != brandingID || errA != nil || errN != nil || errB != nil {
			v.add("branding %s is not sound", id)
		}
		return true, nil
	})
}
