// The app's one GraphQL client, speaking the interface language.
import { currentLocale } from '../i18n'
import { createClient } from './client'

export const api = createClient({ language: currentLocale })

export { GraphQLRequestError, isAbort } from './client'
