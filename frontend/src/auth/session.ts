// Logging in and out through the API. The server sets and clears the HttpOnly session cookie;
// these functions only update the viewer store. Field errors come back as data for the form;
// transport and top-level errors are thrown (see lib/errorText.ts for their words).
import type { GraphQLClient } from '../api/client'
import {
  AuthLoginDocument,
  AuthLogoutDocument,
  AuthOtpRequestDocument,
  AuthOtpVerifyDocument,
  ViewerDocument,
  type AuthFieldErrorsFragment,
} from '../api/generated/graphql'
import { ANONYMOUS, type Viewer, type ViewerStore } from './viewer'

export type FieldErrors = AuthFieldErrorsFragment[]

export interface LoginResult {
  viewer: Viewer | null
  errors: FieldErrors
}

export interface CodeRequestResult {
  sent: boolean
  /** Seconds until another code may be requested, when the server says. */
  retryAfterSeconds: number | null
  errors: FieldErrors
}

export interface AuthSession {
  loginWithPassword(username: string, password: string): Promise<LoginResult>
  requestCode(phone: string): Promise<CodeRequestResult>
  loginWithCode(phone: string, code: string): Promise<LoginResult>
  logout(options?: { everywhere?: boolean }): Promise<void>
}

export const PHONE_PATTERN = /^1\d{10}$/
export const CODE_PATTERN = /^\d{6}$/

/** Digits only: phones and codes are typed on number pads, pasted with spaces or dashes. */
export function digits(value: string): string {
  return value.replace(/\D+/g, '')
}

export function fetchViewer(api: GraphQLClient): () => Promise<Viewer> {
  return async () => (await api.request(ViewerDocument, {})).viewer ?? ANONYMOUS
}

export function createAuthSession(api: GraphQLClient, store: ViewerStore): AuthSession {
  function loggedIn(viewer: Viewer | null, errors: FieldErrors): LoginResult {
    if (errors.length > 0 || viewer === null) return { viewer: null, errors }
    store.set(viewer)
    return { viewer, errors: [] }
  }

  return {
    async loginWithPassword(username, password) {
      const data = await api.request(AuthLoginDocument, {
        input: { username: username.trim(), password },
      })
      return loggedIn(data.authLogin.viewer, data.authLogin.errors)
    },

    async requestCode(phone) {
      const data = await api.request(AuthOtpRequestDocument, { input: { phone: digits(phone) } })
      const { sent, retryAfterSeconds, errors } = data.authOtpRequest
      return { sent, retryAfterSeconds: retryAfterSeconds ?? null, errors }
    },

    async loginWithCode(phone, code) {
      const data = await api.request(AuthOtpVerifyDocument, {
        input: { phone: digits(phone), code: digits(code) },
      })
      return loggedIn(data.authOtpVerify.viewer, data.authOtpVerify.errors)
    },

    async logout(options = {}) {
      await api.request(AuthLogoutDocument, { input: { everywhere: options.everywhere ?? false } })
      store.clear()
    },
  }
}
