// The app runs with Tauri's `freezePrototype` (Object.prototype is frozen). ECharts' scheduler
// fills two plain objects with every enumerable method name of a class prototype, including
// `constructor`; assigning `constructor` to a plain object whose prototype is frozen throws in
// strict mode (the JavaScript "override mistake"), so ECharts would fail to load. This build-time
// transform defines those properties instead of assigning them: same result, no throw.
import type { Plugin } from 'vite';

const TARGET = /echarts[\\/]lib[\\/]core[\\/]Scheduler\.js$/;
const ASSIGNMENT = 'target[name_1] = noop;';
const DEFINITION =
  'Object.defineProperty(target, name_1, { value: noop, writable: true, configurable: true, enumerable: true });';

export function echartsFrozenPrototype(): Plugin {
  return {
    name: 'echarts-frozen-prototype',
    enforce: 'pre',
    transform(code, id) {
      if (!TARGET.test(id)) return null;
      if (!code.includes(ASSIGNMENT)) {
        // A new ECharts version changed the code: fail loudly rather than ship a broken chart.
        this.error('echarts Scheduler.js changed: review echarts-frozen-prototype.ts');
      }
      return { code: code.replace(ASSIGNMENT, DEFINITION), map: null };
    },
  };
}
