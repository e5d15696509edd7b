import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { effectScope, nextTick, ref } from 'vue'

const request = vi.fn()
vi.mock('../src/api', () => ({ api: { request: (...args: unknown[]) => request(...args) } }))
vi.mock('../src/api/live', async (importOriginal) => {
  const real = await importOriginal<typeof import('../src/api/live')>()
  return {
    ...real,
    // No websocket here: every subscription fails at once, so the feed polls.
    graphqlSubscription: () => (handlers: { error: (e: unknown) => void }) => {
      handlers.error(new Error('no socket'))
      return () => {}
    },
  }
})

const { useLiveResults } = await import('../src/components/consult/liveResults')

const results = (ballots: number) => ({ final: false, ballots })

describe('live results', () => {
  beforeEach(() => {
    vi.useFakeTimers()
    request.mockReset()
  })
  afterEach(() => vi.useRealTimers())

  it('polls while enabled, hands the results on, and stops when disabled', async () => {
    let n = 0
    request.mockImplementation(async () => ({
      node: { __typename: 'Vote', id: 'v1', state: 'OPEN', results: results(++n) },
    }))
    const seen: number[] = []
    const voteId = ref<string | null>('v1')
    const enabled = ref(true)
    const scope = effectScope()
    const live = scope.run(() =>
      useLiveResults(voteId, enabled, (r) => seen.push((r as unknown as { ballots: number }).ballots)),
    )
    await vi.advanceTimersByTimeAsync(0)
    expect(live?.mode.value).toBe('polling')
    expect(seen).toEqual([1])
    await vi.advanceTimersByTimeAsync(10_000)
    expect(seen).toEqual([1, 2, 3])

    enabled.value = false
    await nextTick()
    await vi.advanceTimersByTimeAsync(30_000)
    expect(seen).toEqual([1, 2, 3])
    expect(live?.mode.value).toBe('stopped')
    scope.stop()
  })

  it('does nothing for a vote whose results are not live', async () => {
    const scope = effectScope()
    scope.run(() => useLiveResults(ref('v1'), ref(false), () => {}))
    await vi.advanceTimersByTimeAsync(30_000)
    expect(request).not.toHaveBeenCalled()
    scope.stop()
  })
})
