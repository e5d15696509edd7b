/// <reference types="vite/client" />
import type { RouteLocationNormalized, RouteLocationRaw } from 'vue-router'
import type { AppName } from './auth/access'

declare module 'vue-router' {
  interface RouteMeta {
    /** Catalogue key of the screen title. */
    titleKey?: string
    /** Where the back arrow of a phone screen leads. */
    back?: (route: RouteLocationNormalized) => RouteLocationRaw
    /** The app the route belongs to: it needs login and the app's access rule. */
    app?: AppName
    /** A login screen: a caller who is logged in goes on to their app. */
    guestOnly?: boolean
    /** A screen of an app that anyone may open, logged in or not (the receipt lookup). */
    public?: boolean
  }
}
