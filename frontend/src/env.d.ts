/// <reference types="vite/client" />
import type { RouteLocationNormalized, RouteLocationRaw } from 'vue-router'

declare module 'vue-router' {
  interface RouteMeta {
    /** Catalogue key of the screen title. */
    titleKey?: string
    /** Where the back arrow of a phone screen leads. */
    back?: (route: RouteLocationNormalized) => RouteLocationRaw
  }
}
