import { svelte } from '@sveltejs/vite-plugin-svelte';
import { svelteTesting } from '@testing-library/svelte/vite';
import { defineConfig } from 'vitest/config';
import { echartsFrozenPrototype } from './echarts-frozen-prototype';

export default defineConfig({
  plugins: [echartsFrozenPrototype(), svelte(), svelteTesting()],
  // Tauri serves the build from its own protocol; relative paths keep it location-independent.
  base: './',
  clearScreen: false,
  build: {
    target: 'safari15',
    outDir: 'dist',
    emptyOutDir: true,
    // Keep every asset a file: the CSP allows no inline data for scripts.
    assetsInlineLimit: 0,
  },
  test: {
    environment: 'jsdom',
    include: ['src/**/*.test.ts'],
    setupFiles: ['src/test-setup.ts'],
  },
});
