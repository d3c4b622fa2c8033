package layout

import "unicode/utf8"

// Text is measured, not rendered: the SVG asks for DejaVu Sans (the default
// sans-serif of most Linux systems and the widest common one) and falls back
// to Verdana and then any sans-serif, all of which fit in the width estimated
// here from DejaVu Sans advance widths.
const (
	fontFamily = "'DejaVu Sans', Verdana, Arial, sans-serif"
	fontSize   = 12.0 // node and edge text, px
	smallSize  = 10.0 // hop numbers
	lineHeight = 15.0 // px between baselines of fontSize text
	boldFactor = 1.1  // bold DejaVu Sans is this much wider
)

// advance is the advance width of printable ASCII in DejaVu Sans, in 1/2048
// em, from ' ' (0x20) to '~' (0x7e).
var advance = [95]uint16{
	651, 821, 940, 1716, 1303, 1946, 1597, 563, 799, 799, 1024, 1716, 651, 739, 651, 690, // ' '…'/'
	1303, 1303, 1303, 1303, 1303, 1303, 1303, 1303, 1303, 1303, // 0…9
	690, 690, 1716, 1716, 1716, 1087, 2048, // ':'…'@'
	1401, 1405, 1430, 1577, 1294, 1178, 1587, 1540, 604, 604, 1343, 1141, 1767, // A…M
	1532, 1612, 1235, 1612, 1423, 1300, 1251, 1499, 1401, 2025, 1403, 1251, 1403, // N…Z
	799, 690, 799, 1716, 1024, 1024, // '['…'`'
	1255, 1300, 1126, 1300, 1260, 721, 1300, 1298, 569, 569, 1186, 569, 1995, // a…m
	1298, 1253, 1300, 1300, 842, 1067, 803, 1298, 1212, 1675, 1212, 1212, 1075, // n…z
	1303, 690, 1303, 1716, // '{'…'~'
}

// TextWidth estimates the width in px of s set in the drawing's font at
// size px. Characters outside ASCII count as a wide letter, East Asian wide
// ones as a full em.
func TextWidth(s string, size float64) float64 {
	units := 0
	for _, r := range s {
		switch {
		case r >= 0x20 && r <= 0x7e:
			units += int(advance[r-0x20])
		case r == utf8.RuneError || r < 0x20:
			units += 1303
		case r >= 0x1100 && (r <= 0x115f || r >= 0x2e80 && r <= 0xa4cf || r >= 0xac00 && r <= 0xd7a3 ||
			r >= 0xf900 && r <= 0xfaff || r >= 0xfe30 && r <= 0xfe4f || r >= 0xff00 && r <= 0xff60 || r >= 0x1f300):
			units += 2048
		default:
			units += 1400
		}
	}
	return float64(units) * size / 2048
}

// linesWidth is the width of the widest line; the first is bold when
// boldFirst.
func linesWidth(lines []string, size float64, boldFirst bool) float64 {
	w := 0.0
	for i, l := range lines {
		lw := TextWidth(l, size)
		if i == 0 && boldFirst {
			lw *= boldFactor
		}
		w = max(w, lw)
	}
	return w
}
