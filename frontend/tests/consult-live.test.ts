import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { startLiveFeed, websocketUrl, type LiveHandlers, type LiveMode } from '../src/api/live'

interface Harness {
  handlers: LiveHandlers<number> | null
  unsubscribed: number
  polls: number
  data: number[]
  modes: LiveMode[]
}

function setup(
  overrides: { subscribeThrows?: boolean; pollFails?: boolean; shouldPoll?: () => boolean } = {},
) {
  const h: Harness = { handlers: null, unsubscribed: 0, polls: 0, data: [], modes: [] }
  const feed = startLiveFeed<number>({
    subscribe(handlers) {
      if (overrides.subscribeThrows) throw new Error('no WebSocket')
      h.handlers = handlers
      return () => {
        h.unsubscribed++
        // graphql-ws completes the sink when it is unsubscribed
        handlers.complete()
      }
    },
    poll: async () => {
      h.polls++
      if (overrides.pollFails) throw new Error('offline')
      return 100 + h.polls
    },
    onData: (value) => h.data.push(value),
    onMode: (mode) => h.modes.push(mode),
    intervalMs: 3000,
    connectTimeoutMs: 5000,
    shouldPoll: overrides.shouldPoll,
  })
  return { feed, h }
}

describe('live feed', () => {
  beforeEach(() => vi.useFakeTimers())
  afterEach(() => vi.useRealTimers())

  it('passes subscription events on while the socket works, without polling', async () => {
    const { feed, h } = setup()
    h.handlers?.connected()
    h.handlers?.next(1)
    h.handlers?.next(2)
    await vi.advanceTimersByTimeAsync(30_000)
    expect(h.data).toEqual([1, 2])
    expect(h.polls).toBe(0)
    expect(feed.mode).toBe('live')
    expect(h.modes).toEqual(['connecting', 'live'])
    feed.stop()
    expect(h.unsubscribed).toBe(1)
    expect(h.polls).toBe(0)
    expect(vi.getTimerCount()).toBe(0)
  })

  it('falls back to polling every few seconds when the socket fails', async () => {
    const { feed, h } = setup()
    h.handlers?.error(new Event('error'))
    await vi.advanceTimersByTimeAsync(0)
    expect(feed.mode).toBe('polling')
    expect(h.data).toEqual([101])
    await vi.advanceTimersByTimeAsync(9000)
    expect(h.data).toEqual([101, 102, 103, 104])
    // Late events from the dead subscription are ignored.
    h.handlers?.next(7)
    expect(h.data).not.toContain(7)
    expect(h.unsubscribed).toBe(1)
    feed.stop()
    await vi.advanceTimersByTimeAsync(9000)
    expect(h.polls).toBe(4)
    expect(h.modes).toEqual(['connecting', 'polling', 'stopped'])
  })

  it('polls when the socket does not connect in time', async () => {
    const { feed, h } = setup()
    await vi.advanceTimersByTimeAsync(4999)
    expect(h.polls).toBe(0)
    await vi.advanceTimersByTimeAsync(1)
    expect(feed.mode).toBe('polling')
    expect(h.polls).toBe(1)
    feed.stop()
  })

  it('polls when subscribing throws (no WebSocket in this browser)', async () => {
    const { feed, h } = setup({ subscribeThrows: true })
    await vi.advanceTimersByTimeAsync(0)
    expect(feed.mode).toBe('polling')
    expect(h.polls).toBe(1)
    feed.stop()
  })

  it('keeps polling through failed polls and skips polls while told to', async () => {
    let visible = true
    const { feed, h } = setup({ pollFails: true, shouldPoll: () => visible })
    h.handlers?.error(new Error('closed'))
    await vi.advanceTimersByTimeAsync(6000)
    expect(h.polls).toBe(3)
    visible = false
    await vi.advanceTimersByTimeAsync(30_000)
    expect(h.polls).toBe(3)
    expect(feed.mode).toBe('polling')
    feed.stop()
  })

  it('reads once more and stops when the server ends the subscription', async () => {
    const { feed, h } = setup()
    h.handlers?.connected()
    h.handlers?.next(5)
    h.handlers?.complete()
    await vi.advanceTimersByTimeAsync(0)
    expect(h.data).toEqual([5, 101])
    expect(feed.mode).toBe('stopped')
    await vi.advanceTimersByTimeAsync(30_000)
    expect(h.polls).toBe(1)
  })

  it('builds the socket address from the page', () => {
    expect(websocketUrl({ protocol: 'https:', host: 'gongzhi.test' })).toBe('wss://gongzhi.test/graphql')
    expect(websocketUrl({ protocol: 'http:', host: '127.0.0.1:8000' })).toBe('ws://127.0.0.1:8000/graphql')
  })
})

describe('text frames', async () => {
  const { textFrames } = await import('../src/api/live')

  class FakeSocket {
    binaryType = 'blob'
    private handler: ((event: { data: unknown }) => void) | null = null
    constructor(
      readonly url: string,
      readonly protocol?: string,
    ) {}
    get onmessage() {
      return this.handler
    }
    set onmessage(h) {
      this.handler = h
    }
    receive(data: unknown) {
      this.handler?.({ data })
    }
  }

  it('hands binary JSON frames on as text, and text frames unchanged', () => {
    const Socket = textFrames(FakeSocket)
    const socket = new Socket('ws://x/graphql', 'graphql-transport-ws')
    expect(socket.binaryType).toBe('arraybuffer')
    expect(socket.url).toBe('ws://x/graphql')
    const seen: unknown[] = []
    socket.onmessage = (event) => seen.push(event.data)
    const bytes = new TextEncoder().encode('{"type":"connection_ack"}')
    socket.receive(bytes.buffer)
    socket.receive(bytes)
    socket.receive('{"type":"next"}')
    expect(seen).toEqual(['{"type":"connection_ack"}', '{"type":"connection_ack"}', '{"type":"next"}'])
    socket.onmessage = null
    expect(socket.onmessage).toBeNull()
  })
})
