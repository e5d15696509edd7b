import { GraphQLRequestError, errorCodes } from '../api/client'

type Translate = (key: string, named?: Record<string, unknown>) => string

/** Top-level error codes the interface words itself (`errors.codes.<CODE>`); any other code
 * shows the server's own message, which is already in the interface language. */
export const TOP_LEVEL_CODES = [
  'UNAUTHENTICATED',
  'FORBIDDEN',
  'CSRF_REJECTED',
  'RATE_LIMITED',
  'REQUEST_TIMEOUT',
  'BODY_TOO_LARGE',
  'QUERY_TOO_COSTLY',
] as const

export type TopLevelCode = (typeof TOP_LEVEL_CODES)[number]

export function isTopLevelCode(code: string): code is TopLevelCode {
  return (TOP_LEVEL_CODES as readonly string[]).includes(code)
}

/** A request failure in words for the user: catalogue text for known error codes and transport
 * failures, else the server's own (localised) message. */
export function errorText(error: unknown, t: Translate): string {
  if (error instanceof GraphQLRequestError) {
    switch (error.kind) {
      case 'graphql': {
        const code = errorCodes(error.errors).find(isTopLevelCode)
        return code ? t(`errors.codes.${code}`) : error.message
      }
      case 'http':
        return t('errors.http', { status: error.status ?? 0 })
      case 'timeout':
        return t('errors.timeout')
      case 'format':
        return t('errors.format')
      case 'network':
      case 'aborted':
        return t('errors.network')
    }
  }
  return t('errors.network')
}
