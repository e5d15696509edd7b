import { describe, expect, it, vi } from 'vitest'
import { createClient, errorCode, GraphQLRequestError, isAbort } from '../src/api/client'
import { DivisionTreeDocument, ResidentCreateDocument } from '../src/api/generated/graphql'
import { LOCALES, messages } from '../src/i18n/messages'
import { errorText, TOP_LEVEL_CODES } from '../src/lib/errorText'

function jsonResponse(body: unknown, status = 200): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { 'Content-Type': 'application/json' },
  })
}

function clientWith(fetchImpl: typeof fetch, language = 'zh-CN') {
  return createClient({ language: () => language, fetch: fetchImpl, timeoutMs: 200 })
}

describe('GraphQL client', () => {
  it('posts the operation to /graphql with the interface language', async () => {
    const fetchMock = vi.fn(async () => jsonResponse({ data: { divisionTree: [] } }))
    let language = 'zh-CN'
    const client = createClient({ language: () => language, fetch: fetchMock })

    await client.request(DivisionTreeDocument, {})
    language = 'en'
    await client.request(DivisionTreeDocument, {})

    expect(fetchMock).toHaveBeenCalledTimes(2)
    const [url, init] = fetchMock.mock.calls[0] as unknown as [string, RequestInit]
    expect(url).toBe('/graphql')
    expect(init.method).toBe('POST')
    const headers = init.headers as Record<string, string>
    expect(headers['Accept-Language']).toBe('zh-CN')
    expect(headers['Content-Type']).toBe('application/json')
    const body = JSON.parse(String(init.body))
    expect(body.query).toContain('query DivisionTree')
    expect(body.query).toContain('fragment DivisionNode on Division')
    expect(body.variables).toEqual({})
    const second = fetchMock.mock.calls[1] as unknown as [string, RequestInit]
    expect((second[1].headers as Record<string, string>)['Accept-Language']).toBe('en')
  })

  it('returns data, and payload field errors stay in the data', async () => {
    const payload = {
      residentCreate: {
        resident: null,
        errors: [{ field: 'idNumber', code: 'INVALID_ID_NUMBER', message: '身份证号码无效' }],
      },
    }
    const client = clientWith(async () => jsonResponse({ data: payload }))
    const data = await client.request(ResidentCreateDocument, {
      input: { name: '张三', idNumber: '1', residency: 'REGISTERED' },
    })
    expect(data).toEqual(payload)
  })

  it('throws on top-level errors with the server message', async () => {
    const client = clientWith(async () =>
      jsonResponse({
        data: null,
        errors: [{ message: 'Page size must be between 1 and 100' }, { message: 'second' }],
      }),
    )
    const failure = client.request(DivisionTreeDocument, {})
    await expect(failure).rejects.toBeInstanceOf(GraphQLRequestError)
    await expect(failure).rejects.toMatchObject({
      kind: 'graphql',
      message: 'Page size must be between 1 and 100; second',
    })
    const error = (await failure.catch((e: unknown) => e)) as GraphQLRequestError
    expect(error.errors).toHaveLength(2)
  })

  it('execute returns data and errors together without throwing', async () => {
    const client = clientWith(async () =>
      jsonResponse({ data: { divisionTree: [] }, errors: [{ message: 'partial' }] }),
    )
    const result = await client.execute(DivisionTreeDocument, {})
    expect(result.data).toEqual({ divisionTree: [] })
    expect(result.errors.map((e) => e.message)).toEqual(['partial'])
  })

  it('reads GraphQL errors from a non-200 JSON response', async () => {
    const client = clientWith(async () => jsonResponse({ errors: [{ message: 'Syntax Error' }] }, 400))
    await expect(client.request(DivisionTreeDocument, {})).rejects.toMatchObject({
      kind: 'graphql',
      message: 'Syntax Error',
    })
  })

  it('reports an HTTP failure without a GraphQL body', async () => {
    const client = clientWith(async () => new Response('<html>Bad Gateway</html>', { status: 502 }))
    await expect(client.request(DivisionTreeDocument, {})).rejects.toMatchObject({
      kind: 'http',
      status: 502,
    })
  })

  it('reports a 200 response that is not a GraphQL result', async () => {
    const client = clientWith(async () => jsonResponse({ hello: 'world' }))
    await expect(client.request(DivisionTreeDocument, {})).rejects.toMatchObject({ kind: 'format' })
    const html = clientWith(async () => new Response('<!doctype html>', { status: 200 }))
    await expect(html.request(DivisionTreeDocument, {})).rejects.toMatchObject({ kind: 'format' })
  })

  it('reports a network failure', async () => {
    const client = clientWith(async () => {
      throw new TypeError('Failed to fetch')
    })
    await expect(client.request(DivisionTreeDocument, {})).rejects.toMatchObject({ kind: 'network' })
  })

  it('times out a request that does not answer', async () => {
    const client = clientWith(
      (_url, init) =>
        new Promise<Response>((_resolve, reject) => {
          init?.signal?.addEventListener('abort', () => reject(new DOMException('aborted', 'AbortError')))
        }),
    )
    await expect(client.request(DivisionTreeDocument, {})).rejects.toMatchObject({ kind: 'timeout' })
  })

  it('lets the caller abort, and says so', async () => {
    const controller = new AbortController()
    const client = clientWith(
      (_url, init) =>
        new Promise<Response>((_resolve, reject) => {
          init?.signal?.addEventListener('abort', () => reject(new DOMException('aborted', 'AbortError')))
        }),
    )
    const pending = client.request(DivisionTreeDocument, {}, { signal: controller.signal })
    controller.abort()
    const error = await pending.catch((e: unknown) => e)
    expect(isAbort(error)).toBe(true)
  })

  it('calls onUnauthenticated when the server says the caller is not logged in', async () => {
    const onUnauthenticated = vi.fn()
    const answer = {
      data: null,
      errors: [{ message: '请先登录', extensions: { code: 'UNAUTHENTICATED' } }],
    }
    const client = createClient({
      language: () => 'zh-CN',
      fetch: async () => jsonResponse(answer),
      onUnauthenticated,
    })
    const error = await client.request(DivisionTreeDocument, {}).catch((e: unknown) => e)
    expect(onUnauthenticated).toHaveBeenCalledTimes(1)
    expect(errorCode(error)).toBe('UNAUTHENTICATED')

    const forbidden = createClient({
      language: () => 'zh-CN',
      fetch: async () =>
        jsonResponse({ data: null, errors: [{ message: 'no', extensions: { code: 'FORBIDDEN' } }] }),
      onUnauthenticated,
    })
    await forbidden.request(DivisionTreeDocument, {}).catch(() => undefined)
    expect(onUnauthenticated).toHaveBeenCalledTimes(1)
  })

  it('reads the CSRF refusal (403 with a GraphQL-shaped body) as a coded error', async () => {
    const client = clientWith(async () =>
      jsonResponse({ errors: [{ message: 'refused', extensions: { code: 'CSRF_REJECTED' } }] }, 403),
    )
    const error = await client.request(DivisionTreeDocument, {}).catch((e: unknown) => e)
    expect(error).toMatchObject({ kind: 'graphql' })
    expect(errorCode(error)).toBe('CSRF_REJECTED')
    expect(errorCode(new Error('x'))).toBeNull()
  })

  it('throws when a successful response carries no data', async () => {
    const client = clientWith(async () => jsonResponse({ data: null }))
    await expect(client.request(DivisionTreeDocument, {})).rejects.toMatchObject({ kind: 'format' })
  })
})

describe('errorText', () => {
  const t = (key: string, named?: Record<string, unknown>) =>
    named ? `${key} ${JSON.stringify(named)}` : key

  it('shows the server message for GraphQL errors and catalogue text for transport errors', () => {
    expect(errorText(new GraphQLRequestError('graphql', '无权访问'), t)).toBe('无权访问')
    expect(errorText(new GraphQLRequestError('http', 'HTTP 502', { status: 502 }), t)).toBe(
      'errors.http {"status":502}',
    )
    expect(errorText(new GraphQLRequestError('timeout', 'x'), t)).toBe('errors.timeout')
    expect(errorText(new GraphQLRequestError('network', 'x'), t)).toBe('errors.network')
    expect(errorText(new Error('boom'), t)).toBe('errors.network')
  })

  it('words known top-level codes from the catalogue, others by the server message', () => {
    const coded = (code: string, message = 'server words') =>
      new GraphQLRequestError('graphql', message, { errors: [{ message, extensions: { code } }] })
    expect(errorText(coded('UNAUTHENTICATED'), t)).toBe('errors.codes.UNAUTHENTICATED')
    expect(errorText(coded('FORBIDDEN'), t)).toBe('errors.codes.FORBIDDEN')
    expect(errorText(coded('CSRF_REJECTED'), t)).toBe('errors.codes.CSRF_REJECTED')
    expect(errorText(coded('RATE_LIMITED'), t)).toBe('errors.codes.RATE_LIMITED')
    expect(errorText(coded('QUERY_TOO_DEEP', '查询嵌套过深'), t)).toBe('查询嵌套过深')
  })

  it('has catalogue text for every code it words, in both languages', () => {
    for (const locale of LOCALES) {
      const codes = messages[locale].errors.codes as Record<string, string>
      expect(Object.keys(codes).sort(), locale).toEqual([...TOP_LEVEL_CODES].sort())
    }
  })
})
