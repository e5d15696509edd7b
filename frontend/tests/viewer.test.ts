import { describe, expect, it, vi } from 'vitest'
import { ANONYMOUS, createViewerStore, type Viewer } from '../src/auth/viewer'
import { viewerOf } from './support/viewers'

function deferred<T>() {
  let resolve!: (value: T) => void
  let reject!: (reason: unknown) => void
  const promise = new Promise<T>((res, rej) => {
    resolve = res
    reject = rej
  })
  return { promise, resolve, reject }
}

describe('viewer store', () => {
  it('starts anonymous and loads the viewer once, however many ask', async () => {
    const worker = viewerOf()
    const fetchViewer = vi.fn(async () => worker)
    const store = createViewerStore(fetchViewer)
    expect(store.viewer.value).toBe(ANONYMOUS)
    expect(store.status.value).toBe('idle')

    const [a, b] = await Promise.all([store.ready(), store.ready()])
    await store.ready()

    expect(a).toBe(worker)
    expect(b).toBe(worker)
    expect(fetchViewer).toHaveBeenCalledTimes(1)
    expect(store.status.value).toBe('ready')
    expect(store.authenticated.value).toBe(true)
    expect(store.can('PERSONAL_DATA_REVEAL')).toBe(true)
    expect(store.can('AUDIT_READ')).toBe(false)
  })

  it('treats a failed load as anonymous and tries again next time', async () => {
    const fetchViewer = vi
      .fn<() => Promise<Viewer>>()
      .mockRejectedValueOnce(new Error('offline'))
      .mockResolvedValueOnce(viewerOf())
    const store = createViewerStore(fetchViewer)

    expect(await store.ready()).toBe(ANONYMOUS)
    expect(store.status.value).toBe('error')
    expect(store.error.value).toBeInstanceOf(Error)

    expect((await store.ready()).authenticated).toBe(true)
    expect(store.status.value).toBe('ready')
    expect(store.error.value).toBeNull()
    expect(fetchViewer).toHaveBeenCalledTimes(2)
  })

  it('takes a login payload at once, and clear() forgets the caller', async () => {
    const store = createViewerStore(async () => ANONYMOUS)
    store.set(viewerOf({ displayName: 'admin', roles: ['PLATFORM_ADMIN'] }))
    expect(store.viewer.value.displayName).toBe('admin')
    expect(await store.ready()).toMatchObject({ displayName: 'admin' })

    store.clear()
    expect(store.viewer.value).toBe(ANONYMOUS)
    expect(store.authenticated.value).toBe(false)
    expect(store.can('PEOPLE_READ')).toBe(false)
  })

  it('does not let an older answer overwrite a newer login', async () => {
    const slow = deferred<Viewer>()
    const store = createViewerStore(() => slow.promise)
    const first = store.ready()
    store.set(viewerOf({ displayName: 'fresh' }))
    slow.resolve(ANONYMOUS)
    await first
    expect(store.viewer.value.displayName).toBe('fresh')
    expect(store.status.value).toBe('ready')
  })

  it('refresh() asks the server again', async () => {
    const fetchViewer = vi
      .fn<() => Promise<Viewer>>()
      .mockResolvedValueOnce(viewerOf())
      .mockResolvedValueOnce(ANONYMOUS)
    const store = createViewerStore(fetchViewer)
    await store.ready()
    expect(await store.refresh()).toBe(ANONYMOUS)
    expect(store.authenticated.value).toBe(false)
  })
})
