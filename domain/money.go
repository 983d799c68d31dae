package domain

import (
	"strconv"
	"strings"
)

// Money is always an integer count of the currency's minor units (cents for
// USD). Amounts people type are decimal text in major units, read digit by
// digit — never through a float (R52).

// MaxAmountMajor bounds any one amount (an item, an invoice, a payment, a
// price) in major units: 1,000,000.00 in a two-decimal currency.
const MaxAmountMajor = 1_000_000

// currencyExponents lists the ISO 4217 currencies whose minor unit is not
// a hundredth; every other currency has two decimals.
var currencyExponents = map[string]int{
	"BIF": 0, "CLP": 0, "DJF": 0, "GNF": 0, "ISK": 0, "JPY": 0, "KMF": 0, "KRW": 0,
	"PYG": 0, "RWF": 0, "UGX": 0, "UYI": 0, "VND": 0, "VUV": 0, "XAF": 0, "XOF": 0, "XPF": 0,
	"BHD": 3, "IQD": 3, "JOD": 3, "KWD": 3, "LYD": 3, "OMR": 3, "TND": 3,
}

// CurrencyExponent is how many decimals the currency's minor unit has.
func CurrencyExponent(currency string) int {
	if e, ok := currencyExponents[strings.ToUpper(currency)]; ok {
		return e
	}
	return 2
}

func pow10(n int) int64 {
	p := int64(1)
	for ; n > 0; n-- {
		p *= 10
	}
	return p
}

// MaxAmount is the largest amount in minor units of currency.
func MaxAmount(currency string) int64 {
	return MaxAmountMajor * pow10(CurrencyExponent(currency))
}

// ParseAmount reads an amount typed in major units ("150", "150.5",
// "150.00") and returns it in minor units of currency, exactly. Surrounding
// spaces are ignored; signs, exponents, thousands separators, more decimals
// than the currency has, and amounts above MaxAmountMajor are refused.
// Zero parses; callers that need more than zero say so.
func ParseAmount(s, currency string) (int64, error) {
	exp := CurrencyExponent(currency)
	text := strings.Trim(s, " ")
	example := "150"
	if exp > 0 {
		example = "150 or 150." + strings.Repeat("0", exp)
	}
	bad := func(why string) error {
		if text == "" {
			return invalidf("an amount is required: write it like %s", example)
		}
		return invalidf("%q is not an amount: %s; write it like %s", clip(text, 24), why, example)
	}
	if text == "" {
		return 0, bad("")
	}
	whole, frac, dotted := strings.Cut(text, ".")
	switch {
	case strings.HasPrefix(text, "-"):
		return 0, bad("amounts cannot be negative")
	case strings.HasPrefix(text, "+"):
		return 0, bad("leave out the sign")
	case whole == "":
		return 0, bad("it needs a digit before the point")
	case dotted && frac == "":
		return 0, bad("it needs a digit after the point")
	}
	if !allDigits(whole) || !allDigits(frac) {
		return 0, bad("use digits and at most one decimal point, no letters, signs or separators")
	}
	if len(frac) > exp {
		if exp == 0 {
			return 0, bad(currency + " has no minor unit, so no decimals")
		}
		return 0, bad(strconv.Itoa(exp) + " decimals at most")
	}
	whole = strings.TrimLeft(whole, "0")
	if len(whole) > len(strconv.Itoa(MaxAmountMajor)) {
		return 0, tooLarge(text, currency)
	}
	var n int64
	for _, c := range whole + frac + strings.Repeat("0", exp-len(frac)) {
		n = n*10 + int64(c-'0')
	}
	if n > MaxAmount(currency) {
		return 0, tooLarge(text, currency)
	}
	return n, nil
}

func tooLarge(text, currency string) error {
	return invalidf("%q is too large: amounts are at most %s %s", clip(text, 24), FormatAmount(MaxAmount(currency), currency), currency)
}

func allDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// FormatAmount writes minor units as major-unit text with the currency's
// decimals: 15000 → "150.00". ParseAmount reads it back to the same value.
func FormatAmount(minor int64, currency string) string {
	exp := CurrencyExponent(currency)
	sign := ""
	u := uint64(minor)
	if minor < 0 {
		sign, u = "-", uint64(-(minor+1))+1 // careful with the smallest int64
	}
	digits := strconv.FormatUint(u, 10)
	if exp == 0 {
		return sign + digits
	}
	if len(digits) <= exp {
		digits = strings.Repeat("0", exp-len(digits)+1) + digits
	}
	return sign + digits[:len(digits)-exp] + "." + digits[len(digits)-exp:]
}

// Money formats an amount with its currency for people: "150.00 USD".
func Money(minor int64, currency string) string {
	return FormatAmount(minor, currency) + " " + currency
}
