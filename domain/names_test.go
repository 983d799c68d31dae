package domain_test

import (
	"testing"
	"unicode"

	"behalf/domain"
)

// Names hold nothing a reader cannot see: every format character (Cf),
// line and paragraph separator (Zl, Zp) and the fillers that are not Cf
// are refused; names in any script are not (R44, R46).
func TestCleanNameRefusesInvisibleCharacters(t *testing.T) {
	t.Parallel()
	var refused []rune
	for _, tab := range []*unicode.RangeTable{unicode.Cf, unicode.Zl, unicode.Zp, unicode.Other_Default_Ignorable_Code_Point} {
		for _, r16 := range tab.R16 {
			for r := rune(r16.Lo); r <= rune(r16.Hi); r += rune(r16.Stride) {
				refused = append(refused, r)
			}
		}
		for _, r32 := range tab.R32 {
			for r := rune(r32.Lo); r <= rune(r32.Hi); r += rune(r32.Stride) {
				refused = append(refused, r)
			}
		}
	}
	refused = append(refused, 0x3164, 0x115F, 0x1160, 0xFFA0, 0x2800, 0xFE0F)
	for _, r := range refused {
		if name, err := domain.CleanName("Rob" + string(r) + "Reyes"); domain.KindOf(err) != domain.KindInvalid {
			t.Errorf("%U: CleanName = %q, %v; want refused", r, name, err)
		}
	}
	for _, ok := range []string{"Rob Reyes", "Zoë Ångström-Núñez", "李小龙", "محمد علي", "Ngô Bảo Châu", "O'Neil (Jr.)"} {
		if got, err := domain.CleanName(ok); err != nil || got != ok {
			t.Errorf("%q: %q, %v", ok, got, err)
		}
	}
}
