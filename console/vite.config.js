// Vite builds the console into dist/ (embedded into the broker binary at build time, see
// README.md). `npm run dev` serves it with hot reload and forwards the API to a running broker:
// EVENTIOZ_HTTP_URL=http://127.0.0.1:8080 by default.
import { defineConfig } from 'vite'

const broker = process.env.EVENTIOZ_HTTP_URL || 'http://127.0.0.1:8080'
const forwarded = ['/v1', '/metrics', '/healthz', '/readyz', '/openapi.json']

export default defineConfig({
  base: '/',
  build: {
    outDir: 'dist',
    assetsDir: 'assets',
    emptyOutDir: true,
    // Chart.js is the bulk of the bundle; one file keeps the embedded table short.
    chunkSizeWarningLimit: 400
  },
  server: {
    proxy: Object.fromEntries(forwarded.map((path) => [path, { target: broker, changeOrigin: true }]))
  }
})
