import { fileURLToPath, URL } from 'node:url';
import tailwindcss from '@tailwindcss/vite';
import react from '@vitejs/plugin-react';
import { loadEnv } from 'vite';
import { defineConfig } from 'vitest/config';

// Paths the xtrace server answers; in `npm run dev` they are proxied to VITE_XTRACE_BASE_URL,
// so the page calls its own origin exactly as it does when xtrace serves the build.
const API_PATHS = ['/api', '/v1', '/healthz', '/readyz', '/docs'];

export default defineConfig(({ mode }) => {
  const env = loadEnv(mode, process.cwd(), 'VITE_');
  const target = env.VITE_XTRACE_BASE_URL || 'http://127.0.0.1:8742';
  return {
    plugins: [react(), tailwindcss()],
    resolve: {
      alias: {
        '@': fileURLToPath(new URL('./src', import.meta.url)),
        // Bundled from source: no client build step before `npm run dev` or the dashboard build.
        'xtrace-client': fileURLToPath(new URL('../client/src/index.ts', import.meta.url)),
      },
    },
    server: {
      proxy: Object.fromEntries(API_PATHS.map((path) => [path, { target, changeOrigin: true }])),
    },
    build: { outDir: 'dist', emptyOutDir: true, chunkSizeWarningLimit: 1500 },
    test: {
      environment: 'jsdom',
      include: ['src/**/*.test.{ts,tsx}'],
      setupFiles: ['./src/test/setup.ts'],
    },
  };
});
