// The router guard over the app's real routes: login redirects, the "no access" screen in
// place of an app (same URL), and the login screen sending logged-in callers on.
import { describe, expect, it, vi } from 'vitest'
import { defineComponent } from 'vue'
import { createMemoryHistory, createRouter, type RouteRecordRaw, type Router } from 'vue-router'
import { installAuthGuard, sendToLogin } from '../src/auth/guard'
import { ANONYMOUS, createViewerStore, type Viewer, type ViewerStore } from '../src/auth/viewer'
import { routes } from '../src/router'
import { divisionStaff, gridWorker, resident } from './support/viewers'

// The app's routes with every screen stubbed: the guard needs the paths and meta, not the views.
const Stub = defineComponent({ render: () => null })
function stubbed(records: readonly RouteRecordRaw[]): RouteRecordRaw[] {
  return records.map((record) => {
    const copy = { ...record } as RouteRecordRaw & { component?: unknown }
    if ('component' in record) copy.component = Stub
    if (record.children) copy.children = stubbed(record.children)
    return copy as RouteRecordRaw
  })
}

function setup(viewer: Viewer): { router: Router; store: ViewerStore; fetchViewer: () => Promise<Viewer> } {
  const fetchViewer = vi.fn(async () => viewer)
  const store = createViewerStore(fetchViewer)
  const router = createRouter({ history: createMemoryHistory(), routes: stubbed(routes) })
  installAuthGuard(router, store)
  return { router, store, fetchViewer }
}

async function open(router: Router, path: string): Promise<void> {
  await router.push(path).catch(() => undefined)
  await router.isReady()
}

describe('auth guard', () => {
  it('sends an anonymous caller from an app to the login screen, remembering where to', async () => {
    const { router } = setup(ANONYMOUS)
    await open(router, '/grid/R3JpZDox?q=zhang')
    const here = router.currentRoute.value
    expect(here.name).toBe('login')
    expect(here.query.next).toBe('/grid/R3JpZDox?q=zhang')

    await open(router, '/admin')
    expect(router.currentRoute.value.fullPath).toBe('/login?next=/admin')
  })

  it('lets an anonymous caller check a receipt, and nothing else of the app', async () => {
    const { router } = setup(ANONYMOUS)
    await open(router, '/consult/receipts?code=7K3M9Q2XH4TDPV8R')
    expect(router.currentRoute.value.name).toBe('consult-receipts')
    expect(router.currentRoute.value.query.code).toBe('7K3M9Q2XH4TDPV8R')

    await open(router, '/consult')
    expect(router.currentRoute.value.fullPath).toBe('/login?next=/consult')
  })

  it('waits for the viewer before deciding, and asks for it once', async () => {
    const { router, fetchViewer } = setup(gridWorker)
    await open(router, '/grid')
    await open(router, '/admin')
    expect(router.currentRoute.value.name).toBe('admin-home')
    expect(fetchViewer).toHaveBeenCalledTimes(1)
  })

  it('shows "no access" in place of an app the caller may not use, keeping the URL', async () => {
    const { router } = setup(resident)
    await open(router, '/grid/R3JpZDox/residents/UmVzaWRlbnQ6MQ==')
    const here = router.currentRoute.value
    expect(here.name).toBe('no-access')
    expect(here.path).toBe('/grid/R3JpZDox/residents/UmVzaWRlbnQ6MQ==')
    expect(here.meta.titleKey).toBe('noAccess.title')
  })

  it('lets a caller into their app, and sends them on from login and from /', async () => {
    const { router } = setup(divisionStaff)
    await open(router, '/admin/divisions/110105001001')
    expect(router.currentRoute.value.name).toBe('admin-division')
    await open(router, '/login')
    expect(router.currentRoute.value.path).toBe('/admin')
    await open(router, '/')
    expect(router.currentRoute.value.path).toBe('/admin')
    await open(router, '/login/staff?next=/grid/R3JpZDox')
    expect(router.currentRoute.value.path).toBe('/grid/R3JpZDox')
  })

  it('shows the login screen to anonymous callers at /', async () => {
    const { router } = setup(ANONYMOUS)
    await open(router, '/')
    expect(router.currentRoute.value.fullPath).toBe('/login')
    await open(router, '/login/staff')
    expect(router.currentRoute.value.name).toBe('login-staff')
  })

  it('leaves unknown paths to the not-found screen', async () => {
    const { router } = setup(ANONYMOUS)
    await open(router, '/nowhere/at/all')
    expect(router.currentRoute.value.name).toBe('not-found')
  })

  it('sendToLogin forgets the caller and opens login with the current screen as next', async () => {
    const { router, store } = setup(gridWorker)
    await open(router, '/grid/R3JpZDox')
    expect(store.authenticated.value).toBe(true)
    sendToLogin(router, store)
    await vi.waitFor(() => expect(router.currentRoute.value.name).toBe('login'))
    expect(store.authenticated.value).toBe(false)
    expect(router.currentRoute.value.query.next).toBe('/grid/R3JpZDox')
  })
})
