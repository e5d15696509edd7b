// The app's one GraphQL client, speaking the interface language. The session cookie goes with
// every same-origin request; when the server answers UNAUTHENTICATED (the session ended or
// expired) the handler set by the auth module sends the user to the login screen.
import { currentLocale } from '../i18n'
import { createClient } from './client'

let unauthenticatedHandler: (() => void) | null = null

/** Set what happens when a request comes back UNAUTHENTICATED (one handler, the latest). */
export function onUnauthenticated(handler: (() => void) | null): void {
  unauthenticatedHandler = handler
}

export const api = createClient({
  language: currentLocale,
  onUnauthenticated: () => unauthenticatedHandler?.(),
})

export { GraphQLRequestError, errorCode, isAbort } from './client'
