// A small GraphQL client over fetch. One POST per operation to /graphql, with the interface
// language as Accept-Language so the server answers field errors in that language.
import type { TypedDocumentString } from './generated/graphql'

export interface GraphQLErrorEntry {
  message: string
  path?: ReadonlyArray<string | number>
  extensions?: Record<string, unknown>
}

/** What the server sent: data and top-level errors, as they are. */
export interface GraphQLResult<TData> {
  data: TData | null
  errors: GraphQLErrorEntry[]
}

/** Why a request failed: `graphql` carries the server's messages, the others are transport. */
export type RequestErrorKind = 'graphql' | 'http' | 'network' | 'timeout' | 'format' | 'aborted'

export class GraphQLRequestError extends Error {
  readonly kind: RequestErrorKind
  readonly errors: GraphQLErrorEntry[]
  readonly status: number | null

  constructor(
    kind: RequestErrorKind,
    message: string,
    options: { errors?: GraphQLErrorEntry[]; status?: number | null; cause?: unknown } = {},
  ) {
    super(message, { cause: options.cause })
    this.name = 'GraphQLRequestError'
    this.kind = kind
    this.errors = options.errors ?? []
    this.status = options.status ?? null
  }
}

export interface ClientOptions {
  /** Where the GraphQL endpoint lives; same origin by default. */
  endpoint?: string
  /** The current interface language (BCP 47), read on every request. */
  language: () => string
  fetch?: typeof fetch
  timeoutMs?: number
  /** Called when the server says the caller is not logged in (code UNAUTHENTICATED). */
  onUnauthenticated?: () => void
}

export interface RequestOptions {
  signal?: AbortSignal
}

export interface GraphQLClient {
  /** Send an operation; resolves with data and errors; rejects only on transport failures. */
  execute<TData, TVariables>(
    document: TypedDocumentString<TData, TVariables>,
    variables: TVariables,
    options?: RequestOptions,
  ): Promise<GraphQLResult<TData>>
  /** Send an operation and return its data; rejects with the server's message on any error. */
  request<TData, TVariables>(
    document: TypedDocumentString<TData, TVariables>,
    variables: TVariables,
    options?: RequestOptions,
  ): Promise<TData>
}

/** `extensions.code` of each top-level error that has one (UNAUTHENTICATED, FORBIDDEN, …). */
export function errorCodes(errors: readonly GraphQLErrorEntry[]): string[] {
  return errors.flatMap((e) => (typeof e.extensions?.code === 'string' ? [e.extensions.code] : []))
}

/** The first top-level error code of a failed request, or null. */
export function errorCode(error: unknown): string | null {
  return error instanceof GraphQLRequestError ? (errorCodes(error.errors)[0] ?? null) : null
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

function parseErrors(value: unknown): GraphQLErrorEntry[] | null {
  if (value === undefined || value === null) return []
  if (!Array.isArray(value)) return null
  return value.map((entry) => {
    if (isObject(entry) && typeof entry.message === 'string') return entry as unknown as GraphQLErrorEntry
    return { message: String(isObject(entry) ? JSON.stringify(entry) : entry) }
  })
}

export function createClient(options: ClientOptions): GraphQLClient {
  const endpoint = options.endpoint ?? '/graphql'
  const timeoutMs = options.timeoutMs ?? 20_000

  async function execute<TData, TVariables>(
    document: TypedDocumentString<TData, TVariables>,
    variables: TVariables,
    requestOptions: RequestOptions = {},
  ): Promise<GraphQLResult<TData>> {
    const doFetch = options.fetch ?? globalThis.fetch.bind(globalThis)
    const controller = new AbortController()
    let timedOut = false
    const timer = setTimeout(() => {
      timedOut = true
      controller.abort()
    }, timeoutMs)
    const outer = requestOptions.signal
    const forwardAbort = () => controller.abort()
    if (outer?.aborted) controller.abort()
    outer?.addEventListener('abort', forwardAbort, { once: true })

    let response: Response
    let text: string
    try {
      response = await doFetch(endpoint, {
        method: 'POST',
        headers: {
          'Content-Type': 'application/json',
          Accept: 'application/graphql-response+json, application/json',
          'Accept-Language': options.language(),
        },
        body: JSON.stringify({ query: document.toString(), variables }),
        signal: controller.signal,
        credentials: 'same-origin',
      })
      text = await response.text()
    } catch (cause) {
      if (timedOut) throw new GraphQLRequestError('timeout', 'request timed out', { cause })
      if (outer?.aborted) throw new GraphQLRequestError('aborted', 'request aborted', { cause })
      throw new GraphQLRequestError('network', 'network error', { cause })
    } finally {
      clearTimeout(timer)
      outer?.removeEventListener('abort', forwardAbort)
    }

    let body: unknown
    try {
      body = JSON.parse(text)
    } catch (cause) {
      if (!response.ok) {
        throw new GraphQLRequestError('http', `HTTP ${response.status}`, {
          status: response.status,
          cause,
        })
      }
      throw new GraphQLRequestError('format', 'response is not JSON', {
        status: response.status,
        cause,
      })
    }
    const errors = isObject(body) ? parseErrors(body.errors) : null
    if (!isObject(body) || errors === null || !('data' in body || errors.length > 0)) {
      if (!response.ok) {
        throw new GraphQLRequestError('http', `HTTP ${response.status}`, { status: response.status })
      }
      throw new GraphQLRequestError('format', 'response is not a GraphQL result', {
        status: response.status,
      })
    }
    if (errorCodes(errors).includes('UNAUTHENTICATED')) options.onUnauthenticated?.()
    const data = (body.data ?? null) as TData | null
    return { data, errors }
  }

  async function request<TData, TVariables>(
    document: TypedDocumentString<TData, TVariables>,
    variables: TVariables,
    requestOptions?: RequestOptions,
  ): Promise<TData> {
    const result = await execute(document, variables, requestOptions)
    if (result.errors.length > 0) {
      const message = result.errors.map((e) => e.message).join('; ')
      throw new GraphQLRequestError('graphql', message, { errors: result.errors })
    }
    if (result.data === null) {
      throw new GraphQLRequestError('format', 'response has no data')
    }
    return result.data
  }

  return { execute, request }
}

export function isAbort(error: unknown): boolean {
  return error instanceof GraphQLRequestError && error.kind === 'aborted'
}
