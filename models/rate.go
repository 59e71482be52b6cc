package models

import (
	"math"
	"strconv"
	"strings"
)

// Rate is a figure's number per month of its period, unrounded, with the
// figure's qualifier: "41 documented" over two months is "20.5 documented"
// a month, "at least 51" over twelve months "at least 4.25". For a range,
// Low and High are its bounds, each divided; Value is then unused.
type Rate struct {
	Qualifier Qualifier
	Value     float64
	Low, High float64
	Months    float64 // what the count was divided by: Period.Months
}

// PerMonth returns the figure's rate: its stated number (each bound of a
// range) divided by the months of its period, unrounded; presenters round
// (see FormatDecimal). Only a flow has a rate: a stock is counted at a
// date, and the pace of a cumulative total is not known from one figure.
// Nor has a figure that gives no number (Qualifier.HasNumber), nor a flow
// whose period gives no rate (Period.RateMonths: shorter than a month, or
// with ends known to different precisions): a count of one day, multiplied
// into a month, states a pace nobody reported. Nor has a percentage (a
// share): "60 % of them" is no pace. This is the one rule: the exports'
// per_month column and the charts' per-month view follow it.
func (f Figure) PerMonth() (Rate, bool) {
	m, ok := f.Period.RateMonths()
	if f.Kind != Flow || !f.Qualifier.HasNumber() || f.Share() || f.Percent() || !ok {
		return Rate{}, false
	}
	r := Rate{Qualifier: f.Qualifier, Months: m}
	if f.Qualifier == QualRange {
		r.Low, r.High = float64(f.ValueLow)/m, float64(f.ValueHigh)/m
	} else {
		r.Value = float64(f.Value) / m
	}
	return r, true
}

// Short writes the rate as short labels show it, rounded by FormatDecimal:
// "≥ 20.5", "20.5 documented", "12–49.5", "~4.17".
func (r Rate) Short() string {
	if r.Qualifier == QualRange {
		return FormatDecimal(r.Low) + "–" + FormatDecimal(r.High)
	}
	return r.Qualifier.Short(FormatDecimal(r.Value))
}

// FormatDecimal writes x for people: whole numbers with thousands
// separators, others rounded to at most two decimals ("1,234.5", "4.25",
// "30.44"). It is the one rounding the dashboard shows rates and other
// fractional numbers with; the exports also keep two decimals, without
// separators.
func FormatDecimal(x float64) string {
	switch {
	case math.IsInf(x, 1):
		return "∞"
	case math.IsInf(x, -1):
		return "−∞"
	case x == math.Trunc(x) && math.Abs(x) < 1e15:
		return FormatInt(int64(x))
	}
	sign := ""
	if x < 0 {
		sign, x = "-", -x
	}
	s := strconv.FormatFloat(math.Round(x*100)/100, 'f', 2, 64)
	whole, frac, _ := strings.Cut(s, ".")
	n, _ := strconv.ParseInt(whole, 10, 64)
	if frac = strings.TrimRight(frac, "0"); frac != "" {
		frac = "." + frac
	}
	if n == 0 && frac == "" {
		sign = "" // -0.001 rounds to 0, not "-0"
	}
	return sign + FormatInt(n) + frac
}
