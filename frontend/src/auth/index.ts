// The app's auth instances: one viewer store and the login/logout actions, over the app's API
// client. Screens import from here; tests build their own with createViewerStore/createAuthSession.
import { api } from '../api'
import { createViewerStore } from './viewer'
import { createAuthSession, fetchViewer } from './session'

export const viewerStore = createViewerStore(fetchViewer(api))
export const authSession = createAuthSession(api, viewerStore)

export { canUse, landingPath, afterLogin, APP_PATHS, type AppName } from './access'
export type { Viewer } from './viewer'
