// @vitest-environment node
// Guards for two rules of the frontend: every UI string comes from the catalogue (none in
// templates or scripts), and text is escaped in one place (Vue interpolation; never v-html).
import { readdirSync, readFileSync } from 'node:fs'
import { join, relative } from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { parse } from 'vue/compiler-sfc'

const SRC = fileURLToPath(new URL('../src', import.meta.url))
const CATALOGUE = join(SRC, 'i18n', 'messages.ts')
const GENERATED = join(SRC, 'api', 'generated')

function files(dir: string, ext: RegExp): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name)
    if (entry.isDirectory()) return path === GENERATED ? [] : files(path, ext)
    return ext.test(entry.name) ? [path] : []
  })
}

// Attributes whose value a user reads (Vant props included).
const TEXT_ATTRIBUTES = new Set([
  'title',
  'placeholder',
  'label',
  'aria-label',
  'alt',
  'text',
  'description',
  'error-message',
  'loading-text',
  'finished-text',
  'error-text',
  'confirm-button-text',
  'cancel-button-text',
  'left-text',
  'right-text',
])

interface AstNode {
  type: number
  tag?: string
  content?: string
  name?: string
  value?: { content: string } | undefined
  props?: AstNode[]
  children?: AstNode[]
  loc: { start: { line: number } }
}

// compiler-core NodeTypes
const ELEMENT = 1
const TEXT = 2
const ATTRIBUTE = 6
const DIRECTIVE = 7

function problems(file: string): string[] {
  const { descriptor, errors } = parse(readFileSync(file, 'utf8'), { filename: file })
  if (errors.length > 0) return errors.map((e) => `${file}: ${String(e)}`)
  const found: string[] = []
  const where = (node: AstNode) => `${relative(SRC, file)}:${node.loc.start.line}`
  const walk = (node: AstNode) => {
    if (node.type === TEXT && node.content && /\S/.test(node.content)) {
      found.push(`${where(node)} text in template: ${JSON.stringify(node.content.trim())}`)
    }
    if (node.type === ELEMENT) {
      for (const prop of node.props ?? []) {
        if (prop.type === DIRECTIVE && prop.name === 'html') found.push(`${where(prop)} v-html`)
        if (
          prop.type === ATTRIBUTE &&
          prop.name &&
          TEXT_ATTRIBUTES.has(prop.name) &&
          /\p{L}/u.test(prop.value?.content ?? '')
        ) {
          found.push(`${where(prop)} static ${prop.name}="${prop.value?.content}"`)
        }
      }
    }
    for (const child of node.children ?? []) walk(child)
  }
  const ast = descriptor.template?.ast as unknown as AstNode | undefined
  if (ast) walk(ast)
  return found
}

describe('templates', () => {
  const vueFiles = files(SRC, /\.vue$/)

  it('finds the components', () => {
    expect(vueFiles.length).toBeGreaterThan(5)
  })

  it('hold no hard-coded text and no v-html', () => {
    expect(vueFiles.flatMap(problems)).toEqual([])
  })

  it('the check itself catches text, static labels and v-html', () => {
    const { descriptor } = parse(
      '<template><p title="Hello">保存</p><div v-html="x" /></template>',
      { filename: 'probe.vue' },
    )
    const ast = descriptor.template?.ast as unknown as AstNode
    const seen: string[] = []
    const walk = (n: AstNode) => {
      if (n.type === TEXT && /\S/.test(n.content ?? '')) seen.push('text')
      for (const p of n.props ?? []) {
        if (p.type === DIRECTIVE && p.name === 'html') seen.push('v-html')
        if (p.type === ATTRIBUTE && TEXT_ATTRIBUTES.has(p.name ?? '')) seen.push(p.name ?? '')
      }
      for (const c of n.children ?? []) walk(c)
    }
    walk(ast)
    expect(seen.sort()).toEqual(['text', 'title', 'v-html'])
  })
})

describe('sources', () => {
  it('keep Chinese text in the catalogue only', () => {
    const offenders = files(SRC, /\.(ts|vue)$/)
      .filter((file) => file !== CATALOGUE)
      .flatMap((file) =>
        readFileSync(file, 'utf8')
          .split('\n')
          .map((line, i) => ({ line, i }))
          .filter(({ line }) => /\p{Script=Han}/u.test(line))
          .map(({ i }) => `${relative(SRC, file)}:${i + 1}`),
      )
    expect(offenders).toEqual([])
  })

  it('never write HTML from strings', () => {
    const offenders = files(SRC, /\.(ts|vue)$/).filter((file) =>
      /\binnerHTML\b|\bouterHTML\b|insertAdjacentHTML|document\.write/.test(readFileSync(file, 'utf8')),
    )
    expect(offenders).toEqual([])
  })
})
