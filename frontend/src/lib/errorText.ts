import { GraphQLRequestError } from '../api/client'

type Translate = (key: string, named?: Record<string, unknown>) => string

/** A request failure in words for the user: the server's own (localised) message, or ours. */
export function errorText(error: unknown, t: Translate): string {
  if (error instanceof GraphQLRequestError) {
    switch (error.kind) {
      case 'graphql':
        return error.message
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
