import { beforeEach, describe, expect, it, vi } from 'vitest'
import { flushPromises, mount } from '@vue/test-utils'
import BallotForm from '../src/components/consult/BallotForm.vue'
import { i18n, setLocale } from '../src/i18n'

// Vant's stylesheets are for the browser; the node test runner cannot load CSS files.
vi.mock('vant/es/toast/style', () => ({}))
vi.mock('vant/es/button/style/index', () => ({}))
vi.mock('vant/es/cell/style/index', () => ({}))
vi.mock('vant/es/cell-group/style/index', () => ({}))
vi.mock('vant/es/checkbox/style/index', () => ({}))
vi.mock('vant/es/radio/style/index', () => ({}))
vi.mock('vant/es/dialog/style/index', () => ({}))

const options = [
  { id: 'a', label: '赵磊', stance: null },
  { id: 'b', label: '王强', stance: null },
  { id: 'c', label: '李娜', stance: null },
]

function mountForm(props: Partial<InstanceType<typeof BallotForm>['$props']> = {}) {
  return mount(BallotForm, {
    props: {
      ballotKind: 'MULTIPLE',
      maxChoices: 2,
      allowEmpty: false,
      allowChange: false,
      options,
      busy: false,
      errors: [],
      ...props,
    },
    global: { plugins: [i18n] },
    attachTo: document.body,
  })
}

describe('ballot form', () => {
  beforeEach(() => {
    setLocale('zh-CN')
    document.body.innerHTML = ''
  })

  it('keeps at most N choices of a MULTIPLE vote and casts them only after confirmation', async () => {
    const wrapper = mountForm()
    expect(wrapper.get('[data-testid="ballot-hint"]').text()).toBe('最多可选 2 项')
    const rows = wrapper.findAll('[data-testid="ballot-option"]')
    for (const row of rows) await row.trigger('click')
    expect(rows.map((r) => r.attributes('aria-checked'))).toEqual(['true', 'true', 'false'])

    await wrapper.get('[data-testid="ballot-submit"]').trigger('click')
    await flushPromises()
    expect(wrapper.emitted('cast')).toBeUndefined()
    const chosen = [...document.querySelectorAll('[data-testid="ballot-confirm-choice"]')]
    expect(chosen.map((li) => li.textContent)).toEqual(['赵磊', '王强'])
    const confirm = [...document.querySelectorAll('button')].find((b) => b.textContent?.includes('确认提交'))
    confirm?.click()
    await flushPromises()
    expect(wrapper.emitted('cast')).toEqual([[['a', 'b']]])
    wrapper.unmount()
  })

  it('refuses an empty ballot when the vote does, before any confirmation', async () => {
    const wrapper = mountForm()
    await wrapper.get('[data-testid="ballot-submit"]').trigger('click')
    expect(wrapper.get('[data-testid="ballot-problem"]').text()).toBe(
      '本次表决不接受空白票，请至少选择一项',
    )
    expect(document.querySelector('[data-testid="ballot-confirm-choice"]')).toBeNull()
    wrapper.unmount()
  })

  it('shows the server errors of the last attempt', () => {
    const wrapper = mountForm({ ballotKind: 'SINGLE', maxChoices: 1, errors: ['已经投过票'] })
    expect(wrapper.get('[data-testid="ballot-errors"]').text()).toBe('已经投过票')
    expect(wrapper.get('[data-testid="ballot-hint"]').text()).toBe('请选择一项')
    wrapper.unmount()
  })
})
