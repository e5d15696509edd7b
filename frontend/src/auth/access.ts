// Which app a caller may open, where they land after login, and what the router does with a
// navigation (pure functions; the guard in ./guard.ts applies them). The server checks every
// field on its own: these rules only keep people away from screens that would fail.
import type { Capability, Role } from '../api/generated/graphql'
import type { Viewer } from './viewer'

export type AppName = 'consult' | 'grid' | 'admin'

export interface AccessRule {
  /** Every one of these is needed. */
  capabilities: readonly Capability[]
  /** One of these roles is needed (empty: any role). */
  roles: readonly Role[]
}

const STAFF_ROLES: readonly Role[] = [
  'PLATFORM_ADMIN',
  'DIVISION_STAFF',
  'GRID_WORKER',
  'DEPARTMENT_HANDLER',
  'PARTY_SECRETARY',
  'VOLUNTEER_ORGANISER',
]

export const APP_ACCESS: Record<AppName, AccessRule> = {
  // Any logged-in caller; residents see their own household there.
  consult: { capabilities: [], roles: [] },
  // Keeping a register: grid workers and the staff above them.
  grid: { capabilities: ['PEOPLE_READ', 'PEOPLE_WRITE'], roles: [] },
  // The staff workbench.
  admin: { capabilities: ['STRUCTURE_READ'], roles: STAFF_ROLES },
}

export const APP_PATHS: Record<AppName, string> = {
  consult: '/consult',
  grid: '/grid',
  admin: '/admin',
}

export const LOGIN_PATH = '/login'

export function isAppName(value: unknown): value is AppName {
  return typeof value === 'string' && Object.keys(APP_PATHS).includes(value)
}

export function canUse(viewer: Viewer, app: AppName): boolean {
  if (!viewer.authenticated) return false
  const rule = APP_ACCESS[app]
  const roleOk = rule.roles.length === 0 || viewer.roles.some((role) => rule.roles.includes(role))
  return roleOk && rule.capabilities.every((c) => viewer.capabilities.includes(c))
}

/** The app a caller opens after login: the server's `landingApp`, if they may use it. */
export function landingPath(viewer: Viewer): string {
  if (!viewer.authenticated) return LOGIN_PATH
  const app = viewer.landingApp
  if (isAppName(app) && canUse(viewer, app)) return APP_PATHS[app]
  return APP_PATHS.consult
}

/** A `next` query value that is safe to follow: a path of this app, never another site, never
 * the login screen itself. */
export function safeNext(value: unknown): string | null {
  const next = Array.isArray(value) ? value[0] : value
  if (typeof next !== 'string' || next.length > 2000) return null
  if (!next.startsWith('/') || next.startsWith('//') || next.includes('\\')) return null
  // Control characters (tabs, newlines) can turn a path into something a browser reads as a host.
  for (const char of next) if (char.charCodeAt(0) < 0x20 || char.charCodeAt(0) === 0x7f) return null
  const path = next.split(/[?#]/, 1)[0] ?? ''
  if (path === LOGIN_PATH || path.startsWith(`${LOGIN_PATH}/`)) return null
  return next
}

/** What the route asks of the caller (from `route.meta`). */
export interface RouteAccess {
  /** The app the route belongs to: login needed, and the app's rule. */
  app?: AppName
  /** Login screens: a logged-in caller goes on to their app. */
  guestOnly?: boolean
  /** Open to anyone, logged in or not, although it belongs to an app. */
  public?: boolean
}

export type Decision =
  | { kind: 'allow' }
  | { kind: 'login'; next: string }
  | { kind: 'no-access'; app: AppName }
  | { kind: 'redirect'; to: string }

/**
 * The decision for one navigation. `next` is where a login screen should send the caller
 * afterwards (its `?next=`); `appOf` tells which app a path belongs to.
 */
export function decide(
  target: { fullPath: string; access: RouteAccess; next?: unknown },
  viewer: Viewer,
  appOf: (path: string) => AppName | undefined,
): Decision {
  const { access } = target
  if (access.guestOnly) {
    if (!viewer.authenticated) return { kind: 'allow' }
    return { kind: 'redirect', to: afterLogin(viewer, target.next, appOf) }
  }
  if (!access.app || access.public) return { kind: 'allow' }
  if (!viewer.authenticated) return { kind: 'login', next: target.fullPath }
  if (!canUse(viewer, access.app)) return { kind: 'no-access', app: access.app }
  return { kind: 'allow' }
}

/** Where to go after logging in: `next` when it is safe and the caller may open it, else the
 * caller's own app. */
export function afterLogin(
  viewer: Viewer,
  next: unknown,
  appOf: (path: string) => AppName | undefined,
): string {
  const wanted = safeNext(next)
  if (wanted) {
    const app = appOf(wanted)
    if (app === undefined || canUse(viewer, app)) return wanted
  }
  return landingPath(viewer)
}
