// Maps a mutation payload's `errors { field code message }` onto form fields. Messages come
// from the server, already in the interface language; errors for fields the form does not
// show (or for the whole input) are kept as general errors so none is lost.

export interface FieldError {
  field: string | null
  code: string
  message: string
}

export interface MappedErrors<F extends string> {
  byField: Partial<Record<F, string>>
  general: string[]
}

/** `careTags[1].tier` and `careTags.1.tier` both belong to the `careTags` field. */
export function topField(path: string): string {
  return path.split(/[.[]/, 1)[0] ?? path
}

export function mapFieldErrors<F extends string>(
  errors: readonly FieldError[],
  fields: readonly F[],
): MappedErrors<F> {
  const known = new Set<string>(fields)
  const perField = new Map<F, string[]>()
  const general: string[] = []
  for (const error of errors) {
    const field = error.field ? topField(error.field) : null
    let bucket = general
    if (field !== null && known.has(field)) {
      bucket = perField.get(field as F) ?? []
      perField.set(field as F, bucket)
    }
    if (!bucket.includes(error.message)) bucket.push(error.message)
  }
  const byField: Partial<Record<F, string>> = {}
  for (const [field, messages] of perField) byField[field] = messages.join(' ')
  return { byField, general }
}

export function hasErrors<F extends string>(mapped: MappedErrors<F>): boolean {
  return mapped.general.length > 0 || Object.keys(mapped.byField).length > 0
}
