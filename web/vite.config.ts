import react from '@vitejs/plugin-react';
import { defineConfig } from 'vitest/config';

/** The dashboard: built by `npm run build:web` into web/dist, served at `/` by `npm start` and CloudFront. */
export default defineConfig({
  root: import.meta.dirname,
  plugins: [react()],
  build: { outDir: 'dist', emptyOutDir: true, sourcemap: true, target: 'es2022' },
  test: {
    name: 'web',
    environment: 'jsdom',
    include: ['src/**/*.test.tsx', 'src/**/*.test.ts'],
  },
});
