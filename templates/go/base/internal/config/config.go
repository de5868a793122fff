// Package config reads the service's settings from the environment and
// validates them at start-up. vars.go lists the settings, with the same names,
// defaults and bounds as .env.example and the README; this file checks them,
// so a bad value stops the service with one line that names the variable.
package config

import (
	"fmt"
	"net/url"
	"slices"
	"strconv"
	"strings"
)

// Kind is how the text of a variable is read.
type Kind int

// The kinds of settings.
const (
	Integer Kind = iota // a whole number from Min to Max
	Boolean             // true or false
	String              // any text
	URL                 // an absolute URL with a host and one of Values as its scheme
	Enum                // one of Values, in any letter case
)

// Var is one setting: its name, how its text is checked, and the Config
// field its value goes to (Int for Integer, Bool for Boolean, Text otherwise).
type Var struct {
	Name     string
	Kind     Kind
	Default  string   // used when the variable is unset or blank
	Required bool     // no default: the service cannot start without it
	Example  string   // a valid value, shown when a required one is missing
	Min, Max int      // Integer: the inclusive bounds
	Values   []string // Enum: the allowed values; URL: the allowed schemes

	Int  *int
	Bool *bool
	Text *string
}

// Load reads every setting through getenv (os.Getenv in production). Its
// error is one line that names the variable at fault.
func Load(getenv func(string) string) (Config, error) {
	var cfg Config
	for _, v := range cfg.vars() {
		if err := v.load(getenv); err != nil {
			return Config{}, err
		}
	}
	return cfg, nil
}

// Addr is the host:port the HTTP server listens on.
func (c Config) Addr() string {
	return fmt.Sprintf("%s:%d", c.Host, c.Port)
}

// load checks the variable's text and stores its value in the Config field.
func (v Var) load(getenv func(string) string) error {
	value := strings.TrimSpace(getenv(v.Name))
	if value == "" {
		if v.Required {
			return fmt.Errorf("%s is required (for example %s)", v.Name, v.Example)
		}
		value = v.Default
	}
	switch v.Kind {
	case Integer:
		n, err := strconv.Atoi(value)
		if err != nil || n < v.Min || n > v.Max {
			return fmt.Errorf("%s must be an integer from %d to %d, got %q", v.Name, v.Min, v.Max, value)
		}
		*v.Int = n
	case Boolean:
		b, ok := parseBool(value)
		if !ok {
			return fmt.Errorf("%s must be true or false, got %q", v.Name, value)
		}
		*v.Bool = b
	case URL:
		// The error never repeats the value: a URL may hold a password.
		u, err := url.Parse(value)
		if err != nil || u.Host == "" || !slices.Contains(v.Values, u.Scheme) {
			return fmt.Errorf("%s must be a %s:// URL with a host (for example %s)", v.Name, v.Values[0], v.Example)
		}
		*v.Text = value
	case Enum:
		lower := strings.ToLower(value)
		if !slices.Contains(v.Values, lower) {
			return fmt.Errorf("%s must be one of %s, got %q", v.Name, strings.Join(v.Values, ", "), value)
		}
		*v.Text = lower
	case String:
		*v.Text = value
	default:
		return fmt.Errorf("%s has an unknown kind %d", v.Name, v.Kind)
	}
	return nil
}

func parseBool(value string) (bool, bool) {
	switch strings.ToLower(value) {
	case "true", "1", "yes":
		return true, true
	case "false", "0", "no":
		return false, true
	}
	return false, false
}
