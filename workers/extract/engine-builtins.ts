/**
 * The engine's own `Array.prototype.push`, `JSON.parse` and `JSON.stringify`, taken before pdf.js loads.
 *
 * pdf.js's legacy build (the one that runs on Node 20) bundles core-js, which on V8 ≤ 12.1 replaces these three
 * process-wide with JavaScript versions, for corner cases nothing here meets (`push` onto an array whose length is
 * read-only; `JSON.parse`'s reviver seeing the source text). Every array push and every JSON value in the process
 * then runs through them: measured on the samples, a third of extraction's time and much of the store's. pdf.js
 * does not rely on those corner cases, so the engine's versions are put back after pdf.js and its worker load.
 */
const ENGINE = { push: Array.prototype.push, parse: JSON.parse, stringify: JSON.stringify };

export function restoreEngineBuiltins(): void {
  /* eslint-disable no-extend-native -- putting the engine's own functions back, not extending anything */
  if (Array.prototype.push !== ENGINE.push) Object.defineProperty(Array.prototype, 'push', { value: ENGINE.push, writable: true, configurable: true, enumerable: false });
  if (JSON.parse !== ENGINE.parse) Object.defineProperty(JSON, 'parse', { value: ENGINE.parse, writable: true, configurable: true, enumerable: false });
  if (JSON.stringify !== ENGINE.stringify) Object.defineProperty(JSON, 'stringify', { value: ENGINE.stringify, writable: true, configurable: true, enumerable: false });
}
