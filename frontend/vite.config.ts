import { fileURLToPath } from 'node:url'
import { defineConfig } from 'vitest/config'
import vue from '@vitejs/plugin-vue'
import Components from 'unplugin-vue-components/vite'
import { VantResolver } from '@vant/auto-import-resolver'
import type { Plugin } from 'vite'

// Vant's icon font ships inline (a woff2 data URL) with a fallback on a third-party host.
// The page's CSP allows fonts from this site only, so browsers that try the fallback log a
// refused request; every browser this app supports reads woff2, so the fallback goes.
function vantIconFontWithoutRemoteFallback(): Plugin {
  const remoteFallback = /,\s*url\((?:https?:)?\/\/[^)]+\)\s*format\(["']woff["']\)/g
  return {
    name: 'vant-icon-font-without-remote-fallback',
    enforce: 'pre',
    transform(code, id) {
      if (!/[\\/]vant[\\/].*icon[\\/]index\.css$/.test(id)) return null
      return { code: code.replace(remoteFallback, ''), map: null }
    },
  }
}

// Vant components are imported one by one (with their own CSS) where a template uses them,
// so Vant lands only in the chunks of the phone screens.
export default defineConfig({
  plugins: [
    vantIconFontWithoutRemoteFallback(),
    vue(),
    Components({
      resolvers: [VantResolver()],
      dirs: [],
      dts: 'components.d.ts',
    }),
  ],
  define: {
    __VUE_I18N_FULL_INSTALL__: true,
    __VUE_I18N_LEGACY_API__: false,
    __INTLIFY_PROD_DEVTOOLS__: false,
    __INTLIFY_DROP_MESSAGE_COMPILER__: false,
  },
  resolve: {
    alias: { '@': fileURLToPath(new URL('./src', import.meta.url)) },
  },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    // The manifest lets scripts/bundle-size.mjs find the chunks each screen needs.
    manifest: true,
    target: 'es2020',
    // Vite warns on raw size; the budget that matters (gzip) is checked by scripts/bundle-size.mjs.
    chunkSizeWarningLimit: 250,
  },
  server: {
    host: '127.0.0.1',
    proxy: {
      '/graphql': 'http://127.0.0.1:8000',
      '/healthz': 'http://127.0.0.1:8000',
    },
  },
  test: {
    environment: 'happy-dom',
    include: ['tests/**/*.test.ts'],
    restoreMocks: true,
  },
})
