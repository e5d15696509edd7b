// Numbers of a vote as people read them: shares as percentages, areas in m², both exact.
// Shares are cut, not rounded, to the digits shown: 66.666…% reads 66.66%, never 66.67%, so
// a share just under a threshold (≥ 2/3) is never shown as reaching it. Areas come from the
// server as decimal strings and are grouped without passing through floating point.

/** A share as the server may send it: a number, a decimal string ("0.6667") or an exact
 * fraction ("2/3"); null when there is no whole to divide by. */
export type ShareValue = number | string | null | undefined

export interface Fraction {
  num: bigint
  den: bigint
}

const DECIMAL = /^(-?)(\d+)(?:\.(\d+))?$/
const FRACTION = /^(-?\d+)\s*\/\s*(\d+)$/

/** A share as an exact fraction, or null when it is missing or unreadable. */
export function parseShare(value: ShareValue): Fraction | null {
  if (value === null || value === undefined) return null
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) return null
    return parseShare(value.toFixed(12))
  }
  const text = value.trim()
  const fraction = FRACTION.exec(text)
  if (fraction) {
    const den = BigInt(fraction[2] ?? '0')
    return den === 0n ? null : { num: BigInt(fraction[1] ?? '0'), den }
  }
  const decimal = DECIMAL.exec(text)
  if (!decimal) return null
  const digits = decimal[3] ?? ''
  const num = BigInt(`${decimal[1] ?? ''}${decimal[2] ?? '0'}${digits}`)
  return { num, den: 10n ** BigInt(digits.length) }
}

/** `part / whole` exactly; null when whole is 0 (no share of nothing). */
export function share(part: number | string, whole: number | string): Fraction | null {
  const p = parseShare(String(part))
  const w = parseShare(String(whole))
  if (!p || !w || w.num === 0n) return null
  return { num: p.num * w.den, den: p.den * w.num }
}

/** Truncate toward zero: floor for the non-negative values shares are. */
function cut(num: bigint, den: bigint): bigint {
  return num / den
}

/** The share in percent with `digits` decimals, cut (not rounded): "66.66%". */
export function formatPercent(value: ShareValue | Fraction, locale: string, digits = 2): string | null {
  const f = typeof value === 'object' && value !== null ? value : parseShare(value)
  if (!f) return null
  const scale = 10n ** BigInt(digits)
  const scaled = cut(f.num * 100n * scale, f.den)
  const number = Number(scaled) / Number(scale)
  return new Intl.NumberFormat(locale, {
    style: 'percent',
    minimumFractionDigits: digits,
    maximumFractionDigits: digits,
  }).format(number / 100)
}

/** The share as a number between 0 and 1 for drawing (bars, gauges); 0 when missing. */
export function shareNumber(value: ShareValue | Fraction): number {
  const f = typeof value === 'object' && value !== null ? value : parseShare(value)
  if (!f) return 0
  return Number((f.num * 1_000_000n) / f.den) / 1_000_000
}

/** An area (m²) with grouped thousands and exactly two decimals, from a decimal string or a
 * number: "12,345.60". Rounds half up at the third decimal (areas are stored to 0.01 m²). */
export function formatArea(value: number | string | null | undefined, locale: string): string {
  const f = parseShare(value === null || value === undefined ? '0' : String(value)) ?? {
    num: 0n,
    den: 1n,
  }
  const negative = f.num < 0n
  const abs = negative ? -f.num : f.num
  const hundredths = (abs * 200n + f.den) / (2n * f.den) // round half up
  const whole = hundredths / 100n
  const cents = (hundredths % 100n).toString().padStart(2, '0')
  const grouped = new Intl.NumberFormat(locale, { useGrouping: true }).format(whole)
  const sign = negative && hundredths !== 0n ? '-' : ''
  return `${sign}${grouped}.${cents}`
}

/** An area as a plain number for charts (precision of a double is plenty to draw). */
export function areaNumber(value: number | string | null | undefined): number {
  if (value === null || value === undefined) return 0
  const n = typeof value === 'number' ? value : Number(value)
  return Number.isFinite(n) ? n : 0
}

/** A count with grouped thousands: "1,204". */
export function formatCount(value: number, locale: string): string {
  return new Intl.NumberFormat(locale).format(value)
}

/** Date and time in the interface language, to the minute (or second), in the device's time
 * zone. */
export function formatDateTime(
  iso: string | null | undefined,
  locale: string,
  seconds = false,
): string {
  if (!iso) return ''
  const date = new Date(iso)
  if (Number.isNaN(date.getTime())) return ''
  return new Intl.DateTimeFormat(locale, {
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: seconds ? '2-digit' : undefined,
    hour12: false,
  }).format(date)
}

/** Days left until `iso`, counting a part of a day as a day (a 7-day notice published a
 * minute ago has 7 left, its last hours 1); null once past: the notice period. */
export function daysLeft(iso: string | null | undefined, now: Date = new Date()): number | null {
  if (!iso) return null
  const end = new Date(iso).getTime()
  if (Number.isNaN(end) || end <= now.getTime()) return null
  return Math.ceil((end - now.getTime()) / 86_400_000)
}
