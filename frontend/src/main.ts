import { createApp, watch } from 'vue'
import App from './App.vue'
import { i18n } from './i18n'
import { router } from './router'
import './styles.css'

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
