// The reason asked before full personal data is shown (audited by the server, which checks the
// same bounds). Characters, not UTF-16 units: a reason is usually Chinese.
export const REASON_MIN = 4
export const REASON_MAX = 200

export type ReasonProblem = 'tooShort' | 'tooLong'

export function reasonProblem(reason: string): ReasonProblem | null {
  const length = [...reason.trim()].length
  if (length < REASON_MIN) return 'tooShort'
  if (length > REASON_MAX) return 'tooLong'
  return null
}
