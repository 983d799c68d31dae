package cli

import "behalf/domain"

func init() {
	register(
		&command{noun: "branding", verb: "show", maxArgs: 0, summary: "the organisation's display name, accent colour and banner", run: runBrandingShow},
		&command{noun: "branding", verb: "set", maxArgs: 0, summary: "change the display name, accent colour (#rrggbb) or banner; empty goes back to the default",
			flags: []flagSpec{
				{name: "name", arg: "N", usage: "the name every header shows (empty: the organisation's name)"},
				{name: "accent", arg: "COLOR", usage: "the header's colour, #rrggbb, legible on light or dark terminals"},
				{name: "banner", arg: "TEXT", usage: "a short line beside the name in every header"},
			}, run: runBrandingSet},
	)
}

type brandingJSON struct {
	Name   string `json:"name"`
	Accent string `json:"accent"`
	Banner string `json:"banner"`
}

func (c *call) emitBranding(v domain.BrandingView, saved bool) error {
	return c.emit(brandingJSON{v.Shown, v.Accent, v.Banner}, func(w *textOut) {
		if saved {
			w.line("Saved. Every header shows it from the next screen on.")
		}
		w.row("name", v.Shown)
		w.row("accent", map[bool]string{true: "(default)", false: v.Accent}[v.Accent == ""])
		w.row("banner", orNone(v.Banner))
	})
}

func runBrandingShow(c *call) error {
	v, err := c.env.Service.ShowBranding(c.who)
	if err != nil {
		return err
	}
	return c.emitBranding(v, false)
}

func runBrandingSet(c *call) error {
	var ch domain.BrandingChange
	for name, field := range map[string]**string{"name": &ch.Name, "accent": &ch.Accent, "banner": &ch.Banner} {
		if c.set(name) {
			v := c.str(name)
			*field = &v
		}
	}
	if ch.Name == nil && ch.Accent == nil && ch.Banner == nil {
		return usagef(c.cmd, "give --name, --accent or --banner")
	}
	v, err := c.env.Service.SetBranding(c.who, ch)
	if err != nil {
		return err
	}
	return c.emitBranding(v, true)
}
