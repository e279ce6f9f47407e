import { svelte } from '@sveltejs/vite-plugin-svelte';
import { svelteTesting } from '@testing-library/svelte/vite';
import type { Plugin } from 'vite';
import { defineConfig } from 'vitest/config';
import { echartsFrozenPrototype } from './echarts-frozen-prototype';

/**
 * The app runs with Tauri's `freezePrototype`: `Object.prototype` is frozen, so assigning a
 * property it already has (`constructor`, `toString`) to an ordinary object throws. d3-color
 * (used by the diagram editor's zoom, through @xyflow) builds its colour prototypes by such
 * assignments at load time; this rewrites them as property definitions, which a frozen
 * prototype allows.
 */
function d3ColorDefineProperties(): Plugin {
  return {
    name: 'd3-color-define-properties',
    transform(code, id) {
      if (!/[\\/]d3-color[\\/]dist[\\/]d3-color\.m?js$/.test(id)) return null;
      const own = (target: string, key: string, value: string) =>
        `Object.defineProperty(${target}, ${key}, { value: ${value}, writable: true, configurable: true, enumerable: true })`;
      const patched = code
        .replace('prototype.constructor = constructor;', `${own('prototype', "'constructor'", 'constructor')};`)
        .replace(
          'for (var key in definition) prototype[key] = definition[key];',
          `for (var key in definition) ${own('prototype', 'key', 'definition[key]')};`,
        );
      if (patched === code) throw new Error('d3-color changed: review the freezePrototype patch');
      return { code: patched, map: null };
    },
  };
}

export default defineConfig({
  plugins: [d3ColorDefineProperties(), echartsFrozenPrototype(), svelte(), svelteTesting()],
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
