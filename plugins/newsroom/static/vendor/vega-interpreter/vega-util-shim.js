// Re-exports the three vega-util symbols vega-interpreter imports, taken from
// the `vega` global that vendor/vega/vega.min.js (which bundles vega-util) sets.
const v = globalThis.vega;
if (!v || !v.DisallowedObjectProperties) {
  throw new Error('vega-util-shim: load vega.min.js before vega-interpreter.js');
}
export const ascending = v.ascending;
export const isString = v.isString;
export const DisallowedObjectProperties = v.DisallowedObjectProperties;
