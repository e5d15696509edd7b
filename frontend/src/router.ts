import {
  createRouter,
  createWebHistory,
  type RouteLocationNormalized,
  type RouteRecordRaw,
} from 'vue-router'
import { NO_ACCESS_ROUTE } from './auth/guard'

// Every screen is its own chunk: /login and /consult load only their own screens (and Vant),
// /grid only the grid worker screens, /admin only the workbench. `meta.app` marks the routes
// that need login and that app's access rule (see auth/guard.ts); `/` goes through the login
// screen, which sends a logged-in caller on to their app.
const param = (route: RouteLocationNormalized, name: string): string => String(route.params[name])

// One chunk for both login tabs; switching tabs keeps the screen.
const LoginView = () => import('./views/login/LoginView.vue')

export const routes: RouteRecordRaw[] = [
  { path: '/', name: 'home', redirect: '/login' },
  {
    path: '/login',
    name: 'login',
    component: LoginView,
    props: { mode: 'resident' },
    meta: { guestOnly: true, titleKey: 'auth.title' },
  },
  {
    path: '/login/staff',
    name: 'login-staff',
    component: LoginView,
    props: { mode: 'staff' },
    meta: { guestOnly: true, titleKey: 'auth.title' },
  },
  {
    path: '/consult',
    component: () => import('./views/consult/ConsultLayout.vue'),
    meta: { app: 'consult' },
    children: [
      {
        path: '',
        name: 'consult-home',
        component: () => import('./views/consult/ConsultHomeView.vue'),
        meta: { titleKey: 'consult.appTitle' },
      },
      {
        path: 'topics/new',
        name: 'consult-topic-new',
        component: () => import('./views/consult/TopicProposeView.vue'),
        meta: {
          titleKey: 'consult.propose.screenTitle',
          back: () => ({ name: 'consult-home', query: { tab: 'topics' } }),
        },
      },
      {
        path: 'topics/:topicId',
        name: 'consult-topic',
        component: () => import('./views/consult/TopicDetailView.vue'),
        props: true,
        meta: {
          titleKey: 'consult.topic.screenTitle',
          back: () => ({ name: 'consult-home', query: { tab: 'topics' } }),
        },
      },
      {
        path: 'sessions/:sessionId',
        name: 'consult-session',
        component: () => import('./views/consult/SessionDetailView.vue'),
        props: true,
        meta: {
          titleKey: 'consult.session.screenTitle',
          back: () => ({ name: 'consult-home', query: { tab: 'topics' } }),
        },
      },
      {
        path: 'votes/:voteId',
        name: 'consult-vote',
        component: () => import('./views/consult/VoteView.vue'),
        props: true,
        meta: {
          titleKey: 'consult.vote.title',
          back: () => ({ name: 'consult-home', query: { tab: 'votes' } }),
        },
      },
      {
        path: 'votes/:voteId/results',
        name: 'consult-vote-results',
        component: () => import('./views/consult/VoteResultsView.vue'),
        props: true,
        meta: {
          titleKey: 'consult.results.title',
          back: (route) => ({ name: 'consult-vote', params: { voteId: param(route, 'voteId') } }),
        },
      },
      {
        path: 'receipts',
        name: 'consult-receipts',
        component: () => import('./views/consult/ReceiptLookupView.vue'),
        meta: {
          // Anyone may check a receipt (a paper voter too): the lookup needs no login.
          public: true,
          titleKey: 'consult.lookup.title',
          back: () => ({ name: 'consult-home', query: { tab: 'me' } }),
        },
      },
    ],
  },
  {
    path: '/grid',
    component: () => import('./views/grid/GridLayout.vue'),
    meta: { app: 'grid' },
    children: [
      {
        path: '',
        name: 'grid-list',
        component: () => import('./views/grid/GridListView.vue'),
        meta: { titleKey: 'grid.gridsTitle' },
      },
      {
        path: ':gridId',
        name: 'grid-register',
        component: () => import('./views/grid/ResidentListView.vue'),
        props: true,
        meta: { titleKey: 'grid.registerTitle', back: () => ({ name: 'grid-list' }) },
      },
      {
        path: ':gridId/residents/new',
        name: 'resident-create',
        component: () => import('./views/grid/ResidentFormView.vue'),
        props: (route) => ({ gridId: param(route, 'gridId') }),
        meta: {
          titleKey: 'form.createTitle',
          back: (route) => ({ name: 'grid-register', params: { gridId: param(route, 'gridId') } }),
        },
      },
      {
        path: ':gridId/residents/:residentId',
        name: 'resident-detail',
        component: () => import('./views/grid/ResidentDetailView.vue'),
        props: true,
        meta: {
          titleKey: 'resident.detailTitle',
          back: (route) => ({ name: 'grid-register', params: { gridId: param(route, 'gridId') } }),
        },
      },
      {
        path: ':gridId/residents/:residentId/edit',
        name: 'resident-edit',
        component: () => import('./views/grid/ResidentFormView.vue'),
        props: (route) => ({
          gridId: param(route, 'gridId'),
          residentId: param(route, 'residentId'),
        }),
        meta: {
          titleKey: 'form.editTitle',
          back: (route) => ({
            name: 'resident-detail',
            params: { gridId: param(route, 'gridId'), residentId: param(route, 'residentId') },
          }),
        },
      },
    ],
  },
  {
    path: '/admin',
    component: () => import('./views/admin/AdminLayout.vue'),
    meta: { app: 'admin' },
    children: [
      {
        path: '',
        name: 'admin-home',
        component: () => import('./views/admin/DivisionsView.vue'),
        meta: { titleKey: 'admin.title' },
      },
      {
        path: 'divisions/:code',
        name: 'admin-division',
        component: () => import('./views/admin/DivisionsView.vue'),
        props: true,
        meta: { titleKey: 'admin.title' },
      },
      {
        path: 'consult',
        name: 'admin-consult',
        component: () => import('./views/admin/consult/ConsultAdminView.vue'),
        meta: { titleKey: 'adminConsult.title' },
      },
      {
        path: 'consult/sessions/new',
        name: 'admin-session-new',
        component: () => import('./views/admin/consult/SessionCreateView.vue'),
        meta: { titleKey: 'adminConsult.sessions.create' },
      },
      {
        path: 'consult/sessions/:sessionId',
        name: 'admin-session',
        component: () => import('./views/admin/consult/SessionManageView.vue'),
        props: true,
        meta: { titleKey: 'adminConsult.sessions.manage' },
      },
      {
        path: 'consult/votes/new',
        name: 'admin-vote-new',
        component: () => import('./views/admin/consult/VoteCreateView.vue'),
        meta: { titleKey: 'adminConsult.voteForm.title' },
      },
      {
        path: 'consult/votes/:voteId',
        name: 'admin-vote',
        component: () => import('./views/admin/consult/VoteManageView.vue'),
        props: true,
        meta: { titleKey: 'adminConsult.vote.title' },
      },
    ],
  },
  {
    path: '/:pathMatch(.*)*',
    name: 'not-found',
    component: () => import('./views/NotFoundView.vue'),
    meta: { titleKey: 'notFound.title' },
  },
  {
    // Never matched by a URL (the route above comes first): the guard shows it in place of an
    // app the caller may not use, keeping the URL.
    path: '/:denied(.*)*',
    name: NO_ACCESS_ROUTE,
    component: () => import('./views/NoAccessView.vue'),
    meta: { titleKey: 'noAccess.title' },
  },
]

export const router = createRouter({ history: createWebHistory(import.meta.env.BASE_URL), routes })
