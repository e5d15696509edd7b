import { beforeEach, describe, expect, it } from 'vitest'
import { mount } from '@vue/test-utils'
import LocaleSwitch from '../src/components/LocaleSwitch.vue'
import { currentLocale, i18n, setLocale } from '../src/i18n'

describe('language switch', () => {
  beforeEach(() => {
    setLocale('zh-CN')
    localStorage.clear()
  })

  it('starts in Chinese and switches to English, remembering the choice', async () => {
    const wrapper = mount(LocaleSwitch, { global: { plugins: [i18n] } })
    const buttons = wrapper.findAll('button')
    expect(buttons.map((b) => b.text())).toEqual(['中文', 'English'])
    expect(buttons[0]?.attributes('aria-pressed')).toBe('true')

    await buttons[1]?.trigger('click')

    expect(currentLocale()).toBe('en')
    expect(document.documentElement.lang).toBe('en')
    expect(localStorage.getItem('gongzhi.locale')).toBe('en')
    expect(wrapper.get('[role="group"]').attributes('aria-label')).toBe('Language')
    expect(buttons[1]?.attributes('aria-pressed')).toBe('true')
  })
})

describe('compact language switch', () => {
  beforeEach(() => {
    setLocale('zh-CN')
    localStorage.clear()
  })

  it('is one button naming the other language', async () => {
    const wrapper = mount(LocaleSwitch, { props: { compact: true }, global: { plugins: [i18n] } })
    const button = wrapper.get('button')
    expect(button.text()).toBe('English')
    expect(button.attributes('lang')).toBe('en')

    await button.trigger('click')
    expect(currentLocale()).toBe('en')
    expect(wrapper.get('button').text()).toBe('中文')

    await wrapper.get('button').trigger('click')
    expect(currentLocale()).toBe('zh-CN')
  })
})
