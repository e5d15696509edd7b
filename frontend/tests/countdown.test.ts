import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { effectScope } from 'vue'
import { createCountdown, useCountdown } from '../src/auth/countdown'

describe('countdown', () => {
  beforeEach(() => vi.useFakeTimers())
  afterEach(() => vi.useRealTimers())

  it('counts whole seconds down from retryAfterSeconds and stops at 0', () => {
    const countdown = createCountdown()
    expect(countdown.running.value).toBe(false)
    countdown.start(60)
    expect(countdown.remaining.value).toBe(60)
    expect(countdown.running.value).toBe(true)

    vi.advanceTimersByTime(1000)
    expect(countdown.remaining.value).toBe(59)
    vi.advanceTimersByTime(58_000)
    expect(countdown.remaining.value).toBe(1)
    vi.advanceTimersByTime(1000)
    expect(countdown.remaining.value).toBe(0)
    expect(countdown.running.value).toBe(false)
    expect(vi.getTimerCount()).toBe(0)
  })

  it('follows the clock when timers were held back (a phone in the background)', () => {
    let now = 1_000_000
    const callbacks: Array<() => void> = []
    const countdown = createCountdown({
      now: () => now,
      setInterval: (cb) => {
        callbacks.push(cb)
        return 1 as unknown as ReturnType<typeof setInterval>
      },
      clearInterval: () => callbacks.splice(0),
    })
    countdown.start(60)
    now += 45_500 // one late tick after 45.5 s
    callbacks[0]?.()
    expect(countdown.remaining.value).toBe(15)
    now += 20_000
    callbacks[0]?.()
    expect(countdown.remaining.value).toBe(0)
    expect(callbacks).toHaveLength(0)
  })

  it('restarts on a new start, ignores nonsense, and stop() ends it', () => {
    const countdown = createCountdown()
    countdown.start(10)
    vi.advanceTimersByTime(5000)
    countdown.start(30)
    expect(countdown.remaining.value).toBe(30)
    countdown.stop()
    expect(countdown.remaining.value).toBe(0)
    countdown.start(0)
    countdown.start(-5)
    countdown.start(Number.NaN)
    expect(countdown.running.value).toBe(false)
    countdown.start(1.2)
    expect(countdown.remaining.value).toBe(2)
    expect(vi.getTimerCount()).toBe(1)
  })

  it('useCountdown stops with its scope', () => {
    const scope = effectScope()
    const countdown = scope.run(() => useCountdown())
    countdown?.start(60)
    expect(vi.getTimerCount()).toBe(1)
    scope.stop()
    expect(vi.getTimerCount()).toBe(0)
    expect(countdown?.running.value).toBe(false)
  })
})
