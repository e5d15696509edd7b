// Who is using the app: the `viewer` of the GraphQL API, fetched once at start and again after
// login and logout. One small reactive store; the router guard, the headers and the screens
// read it. It never holds personal data beyond the caller's own name.
import { computed, shallowRef, type ComputedRef, type ShallowRef } from 'vue'
import type { Capability, ViewerFieldsFragment } from '../api/generated/graphql'

export type Viewer = ViewerFieldsFragment

export type ViewerStatus = 'idle' | 'loading' | 'ready' | 'error'

/** The viewer of a caller who is not logged in. */
export const ANONYMOUS: Viewer = Object.freeze({
  authenticated: false,
  accountId: null,
  displayName: null,
  roles: [],
  capabilities: [],
  divisionCodes: [],
  gridIds: [],
  landingApp: null,
})

export interface ViewerStore {
  readonly viewer: ShallowRef<Viewer>
  readonly status: ShallowRef<ViewerStatus>
  /** Why the last load failed (network, server), or null. */
  readonly error: ShallowRef<unknown>
  readonly authenticated: ComputedRef<boolean>
  /** The viewer once known: the first call loads it, later calls share that load. A failed
   * load counts as anonymous and is tried again on the next call. */
  ready(): Promise<Viewer>
  /** Ask the server again (after login or when a session may have ended). */
  refresh(): Promise<Viewer>
  /** Take the viewer a login mutation returned. */
  set(viewer: Viewer): void
  /** Forget the caller (after logout or an UNAUTHENTICATED answer). */
  clear(): void
  can(capability: Capability): boolean
}

export function createViewerStore(fetchViewer: () => Promise<Viewer>): ViewerStore {
  const viewer = shallowRef<Viewer>(ANONYMOUS)
  const status = shallowRef<ViewerStatus>('idle')
  const error = shallowRef<unknown>(null)
  let pending: Promise<Viewer> | null = null
  // Bumped by set/clear, so a load that started earlier cannot overwrite a newer answer.
  let generation = 0

  function load(): Promise<Viewer> {
    const mine = ++generation
    status.value = 'loading'
    const request = fetchViewer().then(
      (value) => {
        if (mine === generation) {
          viewer.value = value
          status.value = 'ready'
          error.value = null
        }
        return viewer.value
      },
      (cause: unknown) => {
        if (mine === generation) {
          viewer.value = ANONYMOUS
          status.value = 'error'
          error.value = cause
        }
        return viewer.value
      },
    )
    pending = request
    void request.finally(() => {
      if (pending === request) pending = null
    })
    return request
  }

  function ready(): Promise<Viewer> {
    if (status.value === 'ready') return Promise.resolve(viewer.value)
    return pending ?? load()
  }

  function settle(value: Viewer): void {
    generation++
    pending = null
    viewer.value = value
    status.value = 'ready'
    error.value = null
  }

  return {
    viewer,
    status,
    error,
    authenticated: computed(() => viewer.value.authenticated),
    ready,
    refresh: load,
    set: settle,
    clear: () => settle(ANONYMOUS),
    can: (capability) => viewer.value.capabilities.includes(capability),
  }
}
