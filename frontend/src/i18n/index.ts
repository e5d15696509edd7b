import { createI18n } from 'vue-i18n'
import { DEFAULT_LOCALE, LOCALES, messages, type Locale, type MessageSchema } from './messages'

export { LOCALES, DEFAULT_LOCALE, type Locale }

const STORAGE_KEY = 'gongzhi.locale'

function isLocale(value: unknown): value is Locale {
  return typeof value === 'string' && (LOCALES as readonly string[]).includes(value)
}

function storedLocale(): Locale {
  try {
    const value = globalThis.localStorage?.getItem(STORAGE_KEY)
    return isLocale(value) ? value : DEFAULT_LOCALE
  } catch {
    // Storage can be unavailable (private mode, sandboxed frames): fall back to the default.
    return DEFAULT_LOCALE
  }
}

export const i18n = createI18n<[MessageSchema], Locale, false>({
  legacy: false,
  locale: storedLocale(),
  fallbackLocale: DEFAULT_LOCALE,
  messages,
  // Interpolated values are escaped by Vue's text rendering; messages never carry HTML.
  warnHtmlMessage: true,
  missingWarn: import.meta.env.DEV,
  fallbackWarn: import.meta.env.DEV,
})

function applyToDocument(locale: Locale): void {
  if (typeof document !== 'undefined') document.documentElement.lang = locale
}

applyToDocument(i18n.global.locale.value)

/** The language of the interface now; the API client sends it as Accept-Language. */
export function currentLocale(): Locale {
  return i18n.global.locale.value
}

export function setLocale(locale: Locale): void {
  i18n.global.locale.value = locale
  applyToDocument(locale)
  try {
    globalThis.localStorage?.setItem(STORAGE_KEY, locale)
  } catch {
    // Not remembered across visits, but the switch still applies to this page.
  }
}
