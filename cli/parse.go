package cli

import (
	"strconv"

	"behalf/domain"
)

// parseCount reads a whole number flag within [min, max].
func parseCount(c *call, name string, min, max int) (int, error) {
	s := c.str(name)
	n, err := strconv.Atoi(s)
	if err != nil || n < min || n > max {
		return 0, &domain.Error{Kind: domain.KindInvalid, Msg: "--" + name + " must be a whole number from " + strconv.Itoa(min) + " to " + strconv.Itoa(max)}
	}
	return n, nil
}
