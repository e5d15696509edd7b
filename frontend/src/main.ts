import { createApp, watch } from 'vue'
import App from './App.vue'
import { onUnauthenticated } from './api'
import { viewerStore } from './auth'
import { installAuthGuard, sendToLogin } from './auth/guard'
import { i18n } from './i18n'
import { router } from './router'
import './styles.css'

// Who is calling is asked at once, while the first screen's code loads; the guard waits for it.
void viewerStore.ready()
installAuthGuard(router, viewerStore)
// A session that ends while the app is open (logout elsewhere, expiry): back to the login screen.
onUnauthenticated(() => sendToLogin(router, viewerStore))

const app = createApp(App)
app.use(i18n)
app.use(router)

// The tab title follows the screen and the language.
function updateTitle(): void {
  const { t } = i18n.global
  const key = router.currentRoute.value.meta.titleKey
  document.title = key ? `${t(key)} · ${t('app.name')}` : t('app.name')
}
router.afterEach(updateTitle)
watch(i18n.global.locale, updateTitle)

app.mount('#app')
