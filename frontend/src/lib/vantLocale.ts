// Vant's own texts (dialog buttons, pickers, pull-to-load) follow the interface language.
// Called by the layout of each phone app, so the workbench chunk never loads Vant.
import { watch } from 'vue'
import { useI18n } from 'vue-i18n'
import { Locale as VantLocale } from 'vant'
import vantEnUS from 'vant/es/locale/lang/en-US'
import vantZhCN from 'vant/es/locale/lang/zh-CN'

export function useVantLocale(): void {
  const { locale } = useI18n()
  watch(
    locale,
    (value) => {
      if (value === 'en') VantLocale.use('en-US', vantEnUS)
      else VantLocale.use('zh-CN', vantZhCN)
    },
    { immediate: true },
  )
}
