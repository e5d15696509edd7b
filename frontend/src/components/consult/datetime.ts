// The value of an <input type="datetime-local"> ("2026-05-01T09:30", the device's local time,
// no zone) to and from the instants the API speaks (ISO 8601 with a zone).

function pad(n: number): string {
  return String(n).padStart(2, '0')
}

const LOCAL = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})$/

/** The instant a local input value means, as ISO 8601 (UTC); null when empty or malformed. */
export function localInputToIso(value: string): string | null {
  const m = LOCAL.exec(value.trim())
  if (!m) return null
  const [y, mo, d, h, mi] = m.slice(1).map(Number) as [number, number, number, number, number]
  const date = new Date(y, mo - 1, d, h, mi)
  if (date.getFullYear() !== y || date.getMonth() !== mo - 1 || date.getDate() !== d) return null
  return date.toISOString()
}

/** An instant as the value of a local input, to the minute. */
export function isoToLocalInput(iso: string | Date): string {
  const date = typeof iso === 'string' ? new Date(iso) : iso
  if (Number.isNaN(date.getTime())) return ''
  return (
    `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}` +
    `T${pad(date.getHours())}:${pad(date.getMinutes())}`
  )
}

/** `from` plus whole minutes, as a local input value (defaults of a new vote or session). */
export function localInputAfter(from: Date, minutes: number): string {
  const date = new Date(from.getTime() + minutes * 60_000)
  date.setSeconds(0, 0)
  return isoToLocalInput(date)
}
