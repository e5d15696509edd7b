import { afterEach, describe, expect, it, vi } from 'vitest'
import { createI18n } from 'vue-i18n'
import { LOCALES, messages } from '../src/i18n/messages'
import { ENUM_SECTIONS } from '../src/lib/enums'

type Tree = { [key: string]: string | Tree }

function flatten(tree: Tree, prefix = ''): Map<string, string> {
  const out = new Map<string, string>()
  for (const [key, value] of Object.entries(tree)) {
    const path = prefix ? `${prefix}.${key}` : key
    if (typeof value === 'string') out.set(path, value)
    else for (const [k, v] of flatten(value, path)) out.set(k, v)
  }
  return out
}

const zh = flatten(messages['zh-CN'] as unknown as Tree)
const en = flatten(messages.en as unknown as Tree)

function placeholders(message: string): string[] {
  return [...new Set([...message.matchAll(/\{(\w+)\}/g)].map((m) => m[1] ?? ''))].sort()
}

describe('message catalogue', () => {
  it('has every zh-CN key in English', () => {
    const missing = [...zh.keys()].filter((key) => !en.has(key))
    expect(missing).toEqual([])
  })

  it('has every English key in zh-CN', () => {
    const extra = [...en.keys()].filter((key) => !zh.has(key))
    expect(extra).toEqual([])
  })

  it('has no empty messages', () => {
    for (const [locale, table] of [['zh-CN', zh], ['en', en]] as const) {
      const empty = [...table].filter(([, value]) => value.trim() === '').map(([key]) => key)
      expect(empty, locale).toEqual([])
    }
  })

  it('uses the same parameters in both languages', () => {
    const differ = [...zh.keys()].filter(
      (key) => placeholders(zh.get(key) ?? '').join() !== placeholders(en.get(key) ?? '').join(),
    )
    expect(differ).toEqual([])
  })

  it('holds no HTML and no linked-message syntax', () => {
    for (const table of [zh, en]) {
      const bad = [...table].filter(([, value]) => /[<>@$]/.test(value)).map(([key]) => key)
      expect(bad).toEqual([])
    }
  })

  it('labels every value of every schema enum, and nothing else', () => {
    for (const [section, values] of Object.entries(ENUM_SECTIONS)) {
      for (const table of [zh, en]) {
        const labelled = [...table.keys()]
          .filter((key) => key.startsWith(`enums.${section}.`))
          .map((key) => key.slice(`enums.${section}.`.length))
          .sort()
        expect(labelled, section).toEqual([...values].sort())
      }
    }
  })

  describe('renders every message', () => {
    const warn = vi.spyOn(console, 'warn')
    afterEach(() => warn.mockClear())

    for (const locale of LOCALES) {
      it(locale, () => {
        const i18n = createI18n({ legacy: false, locale, messages })
        const table = locale === 'en' ? en : zh
        for (const [key, source] of table) {
          const params = Object.fromEntries(placeholders(source).map((name) => [name, 7]))
          const text = i18n.global.t(key, params, 2)
          expect(text, key).not.toBe(key)
          expect(text, key).not.toMatch(/[{}|]/)
        }
        expect(warn).not.toHaveBeenCalled()
      })
    }
  })

  it('picks English singular and plural forms by count', () => {
    const i18n = createI18n({ legacy: false, locale: 'en', messages })
    expect(i18n.global.t('grid.total', { n: 1 }, 1)).toBe('1 resident')
    expect(i18n.global.t('grid.total', { n: 3 }, 3)).toBe('3 residents')
    expect(i18n.global.t('grid.total', { n: 0 }, 0)).toBe('0 residents')
    i18n.global.locale.value = 'zh-CN'
    expect(i18n.global.t('grid.total', { n: 3 }, 3)).toBe('共 3 人')
  })
})
