package main

import (
	"fmt"
	"io"
	"os"
	"time"

	"github.com/schollz/progressbar/v3"
	"golang.org/x/term"
)

// progress shows how far a long command is: a bar with rows/s and the time
// left when stderr is a terminal, a plain line every few seconds otherwise
// (a log file or a CI run gets no control characters).
type progress struct {
	w     io.Writer
	unit  string
	bar   *progressbar.ProgressBar
	start time.Time
	last  time.Time
	total int64
	n     int64
	ended bool
}

func newProgress(w io.Writer, unit string) *progress {
	p := &progress{w: w, unit: unit, start: time.Now(), last: time.Now()}
	if f, ok := w.(*os.File); ok && term.IsTerminal(int(f.Fd())) {
		p.bar = progressbar.NewOptions64(-1,
			progressbar.OptionSetWriter(w),
			progressbar.OptionSetItsString(unit),
			progressbar.OptionShowIts(),
			progressbar.OptionShowCount(),
			progressbar.OptionSetPredictTime(true),
			progressbar.OptionThrottle(200*time.Millisecond),
			progressbar.OptionFullWidth(),
			progressbar.OptionOnCompletion(func() { fmt.Fprintln(w) }),
		)
	}
	return p
}

// set reports n of total done (total 0: not known yet).
func (p *progress) set(n, total int64) {
	if p.ended {
		return
	}
	p.n = n
	if p.bar != nil {
		if total > 0 && total != p.total {
			p.bar.ChangeMax64(total)
		}
		p.total = total
		_ = p.bar.Set64(n)
		return
	}
	p.total = total
	if time.Since(p.last) < 2*time.Second {
		return
	}
	p.last = time.Now()
	p.line()
}

func (p *progress) line() {
	el := time.Since(p.start).Seconds()
	rate := 0.0
	if el > 0 {
		rate = float64(p.n) / el
	}
	if p.total > 0 {
		eta := "?"
		if rate > 0 {
			eta = (time.Duration(float64(p.total-p.n)/rate) * time.Second).Round(time.Second).String()
		}
		fmt.Fprintf(p.w, "%d of %d %s (%.0f %s/s, %s left)\n", p.n, p.total, p.unit, rate, p.unit, eta)
		return
	}
	fmt.Fprintf(p.w, "%d %s (%.0f %s/s)\n", p.n, p.unit, rate, p.unit)
}

// done ends the display.
func (p *progress) done() {
	if p.ended {
		return
	}
	p.ended = true
	if p.bar != nil {
		_ = p.bar.Finish()
	}
}
