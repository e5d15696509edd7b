// The wait before another login code may be requested, in whole seconds, counted down from
// the server's `retryAfterSeconds`. It counts against a deadline on the clock, so a phone that
// slows timers in the background still shows the right number when it comes back.
import { computed, onScopeDispose, shallowRef, type ComputedRef, type ShallowRef } from 'vue'

export interface Countdown {
  /** Seconds left; 0 when another code may be requested. */
  readonly remaining: ShallowRef<number>
  readonly running: ComputedRef<boolean>
  start(seconds: number): void
  stop(): void
}

export interface Clock {
  now(): number
  setInterval(callback: () => void, ms: number): ReturnType<typeof setInterval>
  clearInterval(handle: ReturnType<typeof setInterval>): void
}

const systemClock: Clock = {
  now: () => Date.now(),
  setInterval: (callback, ms) => setInterval(callback, ms),
  clearInterval: (handle) => clearInterval(handle),
}

export function createCountdown(clock: Clock = systemClock): Countdown {
  const remaining = shallowRef(0)
  let deadline = 0
  let timer: ReturnType<typeof setInterval> | null = null

  function stop(): void {
    if (timer !== null) clock.clearInterval(timer)
    timer = null
    remaining.value = 0
  }

  function tick(): void {
    const left = Math.ceil((deadline - clock.now()) / 1000)
    if (left <= 0) stop()
    else remaining.value = left
  }

  function start(seconds: number): void {
    stop()
    const whole = Math.ceil(seconds)
    if (!Number.isFinite(whole) || whole <= 0) return
    deadline = clock.now() + whole * 1000
    remaining.value = whole
    timer = clock.setInterval(tick, 250)
  }

  return { remaining, running: computed(() => remaining.value > 0), start, stop }
}

/** A countdown that stops with the component (or effect scope) that made it. */
export function useCountdown(clock?: Clock): Countdown {
  const countdown = createCountdown(clock)
  onScopeDispose(countdown.stop)
  return countdown
}
