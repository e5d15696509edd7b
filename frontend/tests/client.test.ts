import { describe, expect, it, vi } from 'vitest'
import { createClient, GraphQLRequestError, isAbort } from '../src/api/client'
import { DivisionTreeDocument, ResidentCreateDocument } from '../src/api/generated/graphql'
import { errorText } from '../src/lib/errorText'

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
})
