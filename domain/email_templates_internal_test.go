package domain

import (
	"strings"
	"testing"
)

// Values go in as text: one pass, so a value holding a placeholder stays
// those characters, and control characters and escape sequences are gone.
func TestFillTemplateInsertsText(t *testing.T) {
	got := fillTemplate("Hi {{recipient}}, code {{code}} {{ code }} {{unknown}} {{", map[string]string{
		"recipient": "Eve {{code}} <b>\x1b[31mred\x1b[0m\x07", "code": "ABCD-EFGH-JKMN",
	})
	want := "Hi Eve {{code}} <b>red, code ABCD-EFGH-JKMN ABCD-EFGH-JKMN  {{"
	if got != want {
		t.Errorf("got  %q\nwant %q", got, want)
	}
	if strings.ContainsAny(got, "\x1b\x07") {
		t.Errorf("control characters survived: %q", got)
	}
}

func TestCheckPlaceholders(t *testing.T) {
	known := placeholdersOf(EmailInvitation)
	for _, ok := range []string{"plain", "{{code}} and {{ recipient }}", "}} alone"} {
		if err := checkPlaceholders("body", ok, known); err != nil {
			t.Errorf("%q: %v", ok, err)
		}
	}
	for _, bad := range []string{"{{client}}", "{{code", "{{}}", "{{Code}}"} {
		if err := checkPlaceholders("body", bad, known); KindOf(err) != KindInvalid {
			t.Errorf("%q: %v, want refused", bad, err)
		}
	}
}
