import { describe, expect, it } from 'vitest'
import {
  afterLogin,
  canUse,
  decide,
  landingPath,
  safeNext,
  type AppName,
} from '../src/auth/access'
import { ANONYMOUS } from '../src/auth/viewer'
import {
  departmentHandler as handler,
  divisionStaff as staff,
  gridWorker as worker,
  resident,
  viewerOf,
} from './support/viewers'

const appOf = (path: string): AppName | undefined => {
  const first = path.split(/[/?#]/)[1]
  return first === 'grid' || first === 'admin' || first === 'consult' ? first : undefined
}

describe('canUse', () => {
  it('lets nobody in without login', () => {
    for (const app of ['consult', 'grid', 'admin'] as const) expect(canUse(ANONYMOUS, app)).toBe(false)
  })

  it('keeps residents to the consultation app', () => {
    expect(canUse(resident, 'consult')).toBe(true)
    expect(canUse(resident, 'grid')).toBe(false)
    expect(canUse(resident, 'admin')).toBe(false)
  })

  it('lets grid workers and staff keep registers; only staff roles open the workbench', () => {
    expect(canUse(worker, 'grid')).toBe(true)
    expect(canUse(worker, 'admin')).toBe(true)
    expect(canUse(staff, 'grid')).toBe(true)
    expect(canUse(staff, 'admin')).toBe(true)
    expect(canUse(handler, 'admin')).toBe(true)
    expect(canUse(handler, 'grid')).toBe(false)
  })
})

describe('landingPath', () => {
  it('follows the server landingApp', () => {
    expect(landingPath(worker)).toBe('/grid')
    expect(landingPath(staff)).toBe('/admin')
    expect(landingPath(resident)).toBe('/consult')
  })

  it('falls back to the consultation app for unknown or forbidden apps, login for anonymous', () => {
    expect(landingPath(viewerOf({ landingApp: 'volunteer' }))).toBe('/consult')
    expect(landingPath(viewerOf({ landingApp: 'grid', capabilities: [] }))).toBe('/consult')
    expect(landingPath(viewerOf({ landingApp: null }))).toBe('/consult')
    expect(landingPath(ANONYMOUS)).toBe('/login')
  })
})

describe('safeNext', () => {
  it('keeps paths of this app', () => {
    expect(safeNext('/grid/R3JpZDox')).toBe('/grid/R3JpZDox')
    expect(safeNext('/admin/divisions/110105001001?x=1#top')).toBe('/admin/divisions/110105001001?x=1#top')
    expect(safeNext(['/consult', '/grid'])).toBe('/consult')
  })

  it('refuses other sites, odd values and the login screen itself', () => {
    for (const bad of [
      'https://evil.example/',
      '//evil.example/x',
      '/\\evil.example',
      'javascript:alert(1)',
      'grid',
      '/gr\tid',
      '/login',
      '/login?next=/grid',
      '/login/staff',
      '',
      null,
      undefined,
      42,
      `/${'a'.repeat(2001)}`,
    ]) {
      expect(safeNext(bad), String(bad)).toBeNull()
    }
    expect(safeNext('/loginx')).toBe('/loginx')
  })
})

describe('decide', () => {
  const grid = { fullPath: '/grid/abc?q=1', access: { app: 'grid' as const } }

  it('sends an anonymous caller to login with where they were going', () => {
    expect(decide(grid, ANONYMOUS, appOf)).toEqual({ kind: 'login', next: '/grid/abc?q=1' })
  })

  it('shows "no access" to a caller without the app', () => {
    expect(decide(grid, resident, appOf)).toEqual({ kind: 'no-access', app: 'grid' })
  })

  it('lets a caller with the app through, and open routes to anyone', () => {
    expect(decide(grid, worker, appOf)).toEqual({ kind: 'allow' })
    expect(decide({ fullPath: '/nowhere', access: {} }, ANONYMOUS, appOf)).toEqual({ kind: 'allow' })
  })

  it('lets anyone open a public screen of an app, logged in or not', () => {
    const lookup = { fullPath: '/consult/receipts', access: { app: 'consult' as const, public: true } }
    expect(decide(lookup, ANONYMOUS, appOf)).toEqual({ kind: 'allow' })
    expect(decide(lookup, resident, appOf)).toEqual({ kind: 'allow' })
  })

  it('sends a logged-in caller from the login screen to next or their app', () => {
    const login = { fullPath: '/login', access: { guestOnly: true } }
    expect(decide(login, ANONYMOUS, appOf)).toEqual({ kind: 'allow' })
    expect(decide(login, staff, appOf)).toEqual({ kind: 'redirect', to: '/admin' })
    expect(decide({ ...login, next: '/grid/x' }, staff, appOf)).toEqual({
      kind: 'redirect',
      to: '/grid/x',
    })
  })
})

describe('afterLogin', () => {
  it('goes to next when the caller may open it, else to their own app', () => {
    expect(afterLogin(worker, '/grid/abc', appOf)).toBe('/grid/abc')
    expect(afterLogin(resident, '/grid/abc', appOf)).toBe('/consult')
    expect(afterLogin(resident, 'https://evil.example', appOf)).toBe('/consult')
    expect(afterLogin(staff, undefined, appOf)).toBe('/admin')
    expect(afterLogin(staff, '/somewhere', appOf)).toBe('/somewhere')
  })
})
