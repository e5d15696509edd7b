// The router guard: waits for the viewer, then lets a navigation through, sends an anonymous
// caller to the login screen (with ?next=), sends a logged-in caller away from the login
// screen, or shows the "no access" screen in place of an app the caller may not use (the URL
// stays, so reloading after a role change works).
import type { RouteLocationNormalized, RouteLocationRaw, Router } from 'vue-router'
import { decide, isAppName, LOGIN_PATH, type AppName } from './access'
import type { ViewerStore } from './viewer'

export const NO_ACCESS_ROUTE = 'no-access'
export const LOGIN_ROUTE = 'login'

export function appOfPath(router: Router, path: string): AppName | undefined {
  const app = router.resolve(path).meta.app
  return isAppName(app) ? app : undefined
}

export function guardTarget(
  router: Router,
  store: ViewerStore,
  to: RouteLocationNormalized,
): RouteLocationRaw | true {
  const decision = decide(
    { fullPath: to.fullPath, access: to.meta, next: to.query.next },
    store.viewer.value,
    (path) => appOfPath(router, path),
  )
  switch (decision.kind) {
    case 'allow':
      return true
    case 'login':
      return { path: LOGIN_PATH, query: { next: decision.next } }
    case 'redirect':
      return decision.to
    case 'no-access':
      // Same URL, other screen: a named route whose path matches every URL.
      return {
        name: NO_ACCESS_ROUTE,
        params: { denied: to.path.split('/').filter(Boolean) },
        query: to.query,
        hash: to.hash,
        replace: true,
      }
  }
}

export function installAuthGuard(router: Router, store: ViewerStore): void {
  router.beforeEach(async (to) => {
    await store.ready()
    return guardTarget(router, store, to)
  })
}

/** After an UNAUTHENTICATED answer: forget the caller and open the login screen, coming back
 * to the current screen afterwards. */
export function sendToLogin(router: Router, store: ViewerStore): void {
  store.clear()
  const current = router.currentRoute.value
  if (current.meta.guestOnly) return
  void router.replace({ path: LOGIN_PATH, query: { next: current.fullPath } })
}
