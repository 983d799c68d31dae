//go:build !race

package tui_test

const raceBuild = false
