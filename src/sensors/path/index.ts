/**
 * GJSON paths (github.com/tidwall/gjson) and SJSON writes (github.com/tidwall/sjson), as Argo
 * Events uses them for `dataKey`, data/expr filter paths and trigger parameter `dest`.
 * @module
 */
export {
  getPath,
  getPathText,
  isValidJSON,
  quoteJSON,
  resultString,
  setPath,
  setPathText,
  setRawPath,
  setRawPathText,
  type PathResult,
} from './api.js';
export { PathError } from './errors.js';
export { formatGoFloat } from './go-float.js';
export { MAX_SET_INDEX } from './set.js';
