// Live readings (a vote's turnout, its results) over graphql-transport-ws, falling back to
// polling with an ordinary query when the websocket cannot be used: a proxy that drops
// upgrades, a phone network that cuts idle sockets, a server without the subscription. The
// screen gets the same readings either way and can show which mode it is in.
//
// graphql-ws is imported on first use, so it only loads with a screen that watches something.
import type { TypedDocumentString } from './generated/graphql'

export type LiveMode = 'connecting' | 'live' | 'polling' | 'stopped'

export interface LiveHandlers<T> {
  /** The socket is up and the server accepted the subscription's connection. */
  connected(): void
  next(value: T): void
  error(error: unknown): void
  /** The server ended the subscription (e.g. the vote closed). */
  complete(): void
}

/** Starts a subscription; returns what stops it. */
export type Subscribe<T> = (handlers: LiveHandlers<T>) => () => void

export interface LiveOptions<T> {
  subscribe: Subscribe<T>
  /** One fresh reading by query, used while polling and once when the subscription ends. */
  poll: () => Promise<T>
  onData: (value: T) => void
  onMode?: (mode: LiveMode) => void
  /** A failed poll (the feed keeps polling). */
  onPollError?: (error: unknown) => void
  /** Polling interval (default 5 s). */
  intervalMs?: number
  /** How long to wait for the socket before polling instead (default 6 s). */
  connectTimeoutMs?: number
  /** Skip polls while this says no (e.g. the page is hidden); default: always poll. */
  shouldPoll?: () => boolean
  timers?: {
    setTimeout: (cb: () => void, ms: number) => unknown
    clearTimeout: (id: unknown) => void
    setInterval: (cb: () => void, ms: number) => unknown
    clearInterval: (id: unknown) => void
  }
}

export interface LiveFeed {
  readonly mode: LiveMode
  /** Ask for a reading now (after an action of the user, without waiting for the feed). */
  refresh(): Promise<void>
  stop(): void
}

const realTimers = {
  setTimeout: (cb: () => void, ms: number): unknown => globalThis.setTimeout(cb, ms),
  clearTimeout: (id: unknown) => globalThis.clearTimeout(id as ReturnType<typeof setTimeout>),
  setInterval: (cb: () => void, ms: number): unknown => globalThis.setInterval(cb, ms),
  clearInterval: (id: unknown) => globalThis.clearInterval(id as ReturnType<typeof setInterval>),
}

export function startLiveFeed<T>(options: LiveOptions<T>): LiveFeed {
  const timers = options.timers ?? realTimers
  const intervalMs = options.intervalMs ?? 5000
  let mode: LiveMode = 'connecting'
  let unsubscribe: (() => void) | null = null
  let connectTimer: unknown = null
  let pollTimer: unknown = null
  let polling = false

  function setMode(next: LiveMode): void {
    if (mode === next) return
    mode = next
    options.onMode?.(next)
  }

  // A function, not a narrowed variable: the mode can change while a poll is under way.
  const stopped = (): boolean => mode === 'stopped'

  async function pollOnce(): Promise<void> {
    if (stopped() || polling) return
    polling = true
    try {
      const value = await options.poll()
      if (!stopped()) options.onData(value)
    } catch (error) {
      if (!stopped()) options.onPollError?.(error)
    } finally {
      polling = false
    }
  }

  function dropSubscription(): void {
    if (connectTimer !== null) timers.clearTimeout(connectTimer)
    connectTimer = null
    const stopIt = unsubscribe
    unsubscribe = null
    stopIt?.()
  }

  function fallBack(): void {
    if (mode === 'stopped' || mode === 'polling') return
    // The mode changes first: ending the subscription may call its handlers back.
    setMode('polling')
    dropSubscription()
    void pollOnce()
    pollTimer = timers.setInterval(() => {
      if (options.shouldPoll?.() ?? true) void pollOnce()
    }, intervalMs)
  }

  function stop(): void {
    setMode('stopped')
    dropSubscription()
    if (pollTimer !== null) timers.clearInterval(pollTimer)
    pollTimer = null
  }

  options.onMode?.(mode)
  connectTimer = timers.setTimeout(fallBack, options.connectTimeoutMs ?? 6000)
  try {
    unsubscribe = options.subscribe({
      connected() {
        if (mode !== 'connecting') return
        if (connectTimer !== null) timers.clearTimeout(connectTimer)
        connectTimer = null
        setMode('live')
      },
      next(value) {
        if (mode === 'stopped' || mode === 'polling') return
        if (mode === 'connecting') {
          if (connectTimer !== null) timers.clearTimeout(connectTimer)
          connectTimer = null
          setMode('live')
        }
        options.onData(value)
      },
      error() {
        fallBack()
      },
      complete() {
        if (mode === 'stopped' || mode === 'polling') return
        // The last word comes from a query: the final tally after close, for instance.
        unsubscribe = null
        void pollOnce().finally(stop)
      },
    })
  } catch {
    fallBack()
  }

  return {
    get mode() {
      return mode
    },
    refresh: pollOnce,
    stop,
  }
}

/** The websocket address of the GraphQL endpoint on this site (ws: or wss: as the page). */
export function websocketUrl(location: Pick<Location, 'protocol' | 'host'>, path = '/graphql'): string {
  return `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}${path}`
}

type MessageHandler = ((event: { data: unknown }) => void) | null

interface SocketLike {
  binaryType: string
  onmessage: MessageHandler
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the mixin pattern needs it
type SocketClass = new (...args: any[]) => SocketLike

/** A WebSocket that hands every message on as text. graphql-transport-ws messages are JSON
 * text, but a server may send them in binary frames (UTF-8 bytes); graphql-ws reads only text
 * and would close the connection, so binary frames are decoded here. */
export function textFrames<T extends SocketClass>(Base: T): T {
  const decoder = new TextDecoder()
  return class extends Base {
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- the mixin pattern needs it
    constructor(...args: any[]) {
      super(...args)
      this.binaryType = 'arraybuffer'
    }

    override get onmessage(): MessageHandler {
      return super.onmessage
    }

    override set onmessage(handler: MessageHandler) {
      super.onmessage = handler
        ? (event) => {
            const data = event.data
            const text =
              data instanceof ArrayBuffer || ArrayBuffer.isView(data)
                ? decoder.decode(data as ArrayBuffer | ArrayBufferView)
                : data
            handler({ data: text })
          }
        : null
    }
  }
}

/** A subscription over graphql-transport-ws with its own connection (closed when stopped). The
 * session cookie goes with the upgrade request, as with every same-origin request. */
export function graphqlSubscription<TData, TVariables>(
  document: TypedDocumentString<TData, TVariables>,
  variables: TVariables,
  url: string = websocketUrl(globalThis.location),
): Subscribe<TData> {
  return (handlers) => {
    let stopped = false
    let dispose: (() => void) | null = null
    import('graphql-ws/client')
      .then(({ createClient }) => {
        if (stopped) return
        const client = createClient({
          url,
          webSocketImpl: textFrames(WebSocket as unknown as SocketClass),
          lazy: true,
          retryAttempts: 1,
          connectionAckWaitTimeout: 5000,
          on: { connected: () => handlers.connected() },
        })
        const unsubscribe = client.subscribe<TData>(
          { query: document.toString(), variables: variables as Record<string, unknown> },
          {
            next(result) {
              if (result.errors?.length) handlers.error(result.errors)
              else if (result.data) handlers.next(result.data)
            },
            error: handlers.error,
            complete: handlers.complete,
          },
        )
        dispose = () => {
          unsubscribe()
          void client.dispose()
        }
      })
      .catch(handlers.error)
    return () => {
      stopped = true
      dispose?.()
    }
  }
}
