import { createRouter, createWebHistory, type RouteLocationNormalized } from 'vue-router'

// Every screen is its own chunk: /grid loads only the grid worker screens (and Vant), /admin
// only the workbench. Login and the other apps (/consult, /volunteer, /party) come later.
const param = (route: RouteLocationNormalized, name: string): string => String(route.params[name])

export const router = createRouter({
  history: createWebHistory(import.meta.env.BASE_URL),
  routes: [
    {
      path: '/',
      name: 'home',
      component: () => import('./views/HomeView.vue'),
      meta: { titleKey: 'home.title' },
    },
    {
      path: '/grid',
      component: () => import('./views/grid/GridLayout.vue'),
      children: [
        {
          path: '',
          name: 'grid-list',
          component: () => import('./views/grid/GridListView.vue'),
          meta: { titleKey: 'grid.gridsTitle', back: () => ({ name: 'home' }) },
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
      ],
    },
    {
      path: '/:pathMatch(.*)*',
      name: 'not-found',
      component: () => import('./views/NotFoundView.vue'),
      meta: { titleKey: 'notFound.title' },
    },
  ],
})
