// Login and logout against a fake /graphql: what is sent, how the viewer store follows, and
// how field errors come back for the forms.
import { describe, expect, it, vi } from 'vitest'
import { createClient } from '../src/api/client'
import { createAuthSession, digits, fetchViewer, CODE_PATTERN, PHONE_PATTERN } from '../src/auth/session'
import { ANONYMOUS, createViewerStore } from '../src/auth/viewer'
import { divisionStaff, resident } from './support/viewers'

type Body = { query: string; variables: { input?: Record<string, unknown> } }

function fakeServer(answer: (body: Body) => unknown) {
  const sent: Body[] = []
  const fetchMock = vi.fn(async (_url: string | URL | Request, init?: RequestInit) => {
    const body = JSON.parse(String(init?.body)) as Body
    sent.push(body)
    return new Response(JSON.stringify({ data: answer(body) }), {
      headers: { 'Content-Type': 'application/json' },
    })
  })
  const api = createClient({ language: () => 'zh-CN', fetch: fetchMock as typeof fetch })
  const store = createViewerStore(fetchViewer(api))
  return { api, store, session: createAuthSession(api, store), sent, fetchMock }
}

describe('auth session', () => {
  it('logs staff in with the cookie (same origin), never asking for the token', async () => {
    const { session, store, sent, fetchMock } = fakeServer(() => ({
      authLogin: { viewer: divisionStaff, errors: [] },
    }))
    const result = await session.loginWithPassword('  street ', 'gongzhi-demo-2026')

    expect(result).toEqual({ viewer: divisionStaff, errors: [] })
    expect(store.viewer.value).toEqual(divisionStaff)
    expect(sent[0]?.query).toContain('mutation AuthLogin')
    expect(sent[0]?.variables.input).toEqual({ username: 'street', password: 'gongzhi-demo-2026' })
    expect(sent[0]?.query).not.toContain('token')
    const init = fetchMock.mock.calls[0]?.[1]
    expect(init?.credentials).toBe('same-origin')
  })

  it('returns field errors and leaves the caller anonymous', async () => {
    const errors = [{ field: 'password', code: 'INVALID_CREDENTIALS', message: '用户名或密码错误' }]
    const { session, store } = fakeServer(() => ({ authLogin: { viewer: null, errors } }))
    expect(await session.loginWithPassword('street', 'wrong')).toEqual({ viewer: null, errors })
    expect(store.viewer.value).toBe(ANONYMOUS)
  })

  it('asks for a code with the digits of the phone and passes the wait on', async () => {
    const { session, sent } = fakeServer(() => ({
      authOtpRequest: { sent: true, retryAfterSeconds: 60, errors: [] },
    }))
    expect(await session.requestCode('138 0013-8000')).toEqual({
      sent: true,
      retryAfterSeconds: 60,
      errors: [],
    })
    expect(sent[0]?.variables.input).toEqual({ phone: '13800138000' })
  })

  it('passes a throttled request on as a field error', async () => {
    const errors = [{ field: 'phone', code: 'OTP_THROTTLED', message: '发送过于频繁，请 42 秒后再试' }]
    const { session } = fakeServer(() => ({
      authOtpRequest: { sent: false, retryAfterSeconds: null, errors },
    }))
    expect(await session.requestCode('13800138000')).toEqual({
      sent: false,
      retryAfterSeconds: null,
      errors,
    })
  })

  it('logs a resident in with the code', async () => {
    const { session, store, sent } = fakeServer(() => ({
      authOtpVerify: { viewer: resident, errors: [] },
    }))
    const result = await session.loginWithCode('13800138000', ' 123 456 ')
    expect(result.viewer).toEqual(resident)
    expect(sent[0]?.variables.input).toEqual({ phone: '13800138000', code: '123456' })
    expect(store.viewer.value.landingApp).toBe('consult')
  })

  it('logs out and forgets the caller', async () => {
    const { session, store, sent } = fakeServer(() => ({
      authLogout: { endedSessions: 1, errors: [] },
    }))
    store.set(divisionStaff)
    await session.logout()
    expect(sent[0]?.query).toContain('mutation AuthLogout')
    expect(sent[0]?.variables.input).toEqual({ everywhere: false })
    expect(store.viewer.value).toBe(ANONYMOUS)
  })

  it('keeps the caller when logout fails (the cookie is still there)', async () => {
    const fetchMock = vi.fn(async () => {
      throw new TypeError('Failed to fetch')
    })
    const api = createClient({ language: () => 'zh-CN', fetch: fetchMock })
    const store = createViewerStore(async () => ANONYMOUS)
    store.set(divisionStaff)
    await expect(createAuthSession(api, store).logout()).rejects.toMatchObject({ kind: 'network' })
    expect(store.viewer.value).toEqual(divisionStaff)
  })

  it('fetchViewer reads the viewer query', async () => {
    const { api } = fakeServer((body) => {
      expect(body.query).toContain('query Viewer')
      return { viewer: resident }
    })
    expect(await fetchViewer(api)()).toEqual(resident)
  })
})

describe('phone and code input', () => {
  it('digits() keeps digits only', () => {
    expect(digits(' 138-0013 8000 ')).toBe('13800138000')
    expect(digits('abc')).toBe('')
  })

  it('patterns', () => {
    expect(PHONE_PATTERN.test('13800138000')).toBe(true)
    expect(PHONE_PATTERN.test('23800138000')).toBe(false)
    expect(PHONE_PATTERN.test('1380013800')).toBe(false)
    expect(CODE_PATTERN.test('012345')).toBe(true)
    expect(CODE_PATTERN.test('12345')).toBe(false)
  })
})
