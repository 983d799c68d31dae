package cli

import (
	"strings"
	"time"

	"behalf/domain"
)

// parseContactSpec reads handle=H,email=E,perm=P+P,name=N[,expires=DATE].
func parseContactSpec(c *call, spec string) (domain.NewContact, error) {
	var nc domain.NewContact
	for _, part := range strings.Split(spec, ",") {
		k, v, ok := strings.Cut(part, "=")
		if !ok {
			return nc, usagef(c.cmd, "--contact %q: write key=value pairs separated by commas", clip(spec))
		}
		v = strings.TrimSpace(v)
		switch strings.TrimSpace(k) {
		case "handle":
			nc.Handle = v
		case "email":
			nc.Email = v
		case "perm", "perms":
			nc.Perms = strings.ReplaceAll(v, "+", ",")
		case "name":
			nc.Name = v
		case "expires":
			nc.Expires = v
		default:
			return nc, usagef(c.cmd, "--contact: unknown key %q (handle, email, perm, name, expires)", clip(k))
		}
	}
	if nc.Email == "" {
		return nc, usagef(c.cmd, "--contact needs email=… (an existing person is found by it)")
	}
	return nc, nil
}

type contactAddedJSON struct {
	linkJSON
	Existing bool    `json:"existing"`
	Code     *string `json:"code,omitempty"`
	Expires  *string `json:"code_expires,omitempty"`
	NoCode   *string `json:"no_code,omitempty"` // why no code was made when one was asked for
	// EmailedTo is where the code was emailed (domain/invite_email.go).
	EmailedTo string `json:"emailed_to,omitempty"`
}

func (c *call) contactAddedView(client string, ca domain.ContactAdded) contactAddedJSON {
	v := contactAddedJSON{linkJSON: linkJSON{ID: ca.Link.ID.String(), Client: client, Contact: ca.Person.Handle, Permissions: orEmpty(ca.Link.Perms.Strings()), Live: true}, Existing: ca.Existing}
	if ca.Link.Expires != "" {
		e := ca.Link.Expires
		v.linkJSON.Expires = &e
	}
	if ca.Invite != nil {
		exp := ca.Invite.Expires.In(c.loc()).Format(time.RFC3339)
		v.Code, v.Expires, v.EmailedTo = &ca.Invite.Code, &exp, ca.Invite.EmailedTo
	}
	if ca.NoInvite != "" {
		v.NoCode = &ca.NoInvite
	}
	return v
}

func describeContact(w *textOut, v contactAddedJSON) {
	how := "new person"
	if v.Existing {
		how = "existing person, found by email"
	}
	w.line("  contact " + v.Contact + " (" + how + "): " + orNone(strings.Join(v.Permissions, ",")) + expiryText(v.linkJSON.Expires))
	if v.Code != nil {
		w.line("    invitation code: " + *v.Code + " (valid until " + *v.Expires + ")")
	}
	if v.NoCode != nil {
		w.line("    no invitation code: " + *v.NoCode)
	}
}

// runInviteClient is `people add H --as client --contact … [--invite]`: the
// client and their contacts in one step (R34).
func runInviteClient(c *call, specs []string) error {
	in := domain.ClientInvite{
		Client: domain.NewPerson{Handle: c.args[0], Name: c.str("name"), Email: c.str("email"), Primary: c.str("primary")},
		Invite: c.flag("invite"), BoughtBy: c.str("bought-by"),
	}
	if c.set("package") {
		id, err := domain.ParseID(c.str("package"))
		if err != nil {
			return err
		}
		in.Package = id
	}
	for _, s := range specs {
		nc, err := parseContactSpec(c, s)
		if err != nil {
			return err
		}
		in.Contacts = append(in.Contacts, nc)
	}
	res, err := c.env.Service.InviteClient(c.who, in)
	if err != nil {
		return err
	}
	v := struct {
		personJSON
		Code      *string            `json:"code,omitempty"`
		Expires   *string            `json:"code_expires,omitempty"`
		EmailedTo string             `json:"emailed_to,omitempty"`
		Contacts  []contactAddedJSON `json:"contacts"`
		Package   *packageJSON       `json:"package,omitempty"`
	}{personJSON: personView(res.Client)}
	if res.Package != nil {
		pv := packageView(*res.Package)
		v.Package = &pv
	}
	if res.Invite != nil {
		exp := res.Invite.Expires.In(c.loc()).Format(time.RFC3339)
		v.Code, v.Expires, v.EmailedTo = &res.Invite.Code, &exp, res.Invite.EmailedTo
	}
	for _, ca := range res.Contacts {
		v.Contacts = append(v.Contacts, c.contactAddedView(res.Client.Handle, ca))
	}
	return c.emit(v, func(w *textOut) {
		w.line("Added client " + res.Client.Name + " (" + res.Client.Handle + ").")
		if v.Code != nil {
			w.line("  invitation code: " + *v.Code + " (valid until " + *v.Expires + ")" + emailedText(v.EmailedTo))
		}
		for _, x := range v.Contacts {
			describeContact(w, x)
		}
		if p := res.Package; p != nil {
			by := ""
			if p.BoughtBy != nil {
				by = ", bought by " + p.BoughtFor()
			}
			w.line("  package " + p.Package.ID.String() + " (" + p.Package.Name + ")" + by + ", expires " + p.Package.Expires)
		}
	})
}

// runContactAdd is `contacts link … --email E`: find the person by email
// or create them, link, and optionally invite and notify (R35, R36).
func runContactAdd(c *call) error {
	nc := domain.NewContact{Handle: c.str("contact"), Name: c.str("name"), Email: c.str("email"), Perms: c.str("perm"), Expires: c.str("expires")}
	res, err := c.env.Service.AddContact(c.who, domain.AddContactIn{Client: c.str("client"), Contact: nc, Invite: c.flag("invite"), Notify: c.flag("notify")})
	if err != nil {
		return err
	}
	v := c.contactAddedView(c.str("client"), res)
	return c.emit(v, func(w *textOut) {
		w.line("Linked to " + v.Client + ":")
		describeContact(w, v)
	})
}
