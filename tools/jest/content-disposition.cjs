/**
 * Jest only: content-disposition 3 (used by @fastify/static, which serves the OpenAPI UI) ships
 * as an ES module that jest's CommonJS runtime cannot require; plain Node 20 loads it fine, so
 * production uses the real package. This stand-in implements the one function @fastify/static
 * calls, `create(filename, {type})` (RFC 6266 with an RFC 8187 `filename*` for non-ASCII names).
 */
function create(filename, options = {}) {
  const type = options.type || 'attachment';
  if (filename === undefined || filename === null) return type;
  const name = String(filename);
  const quoted = name.replace(/[\\"]/g, '\\$&');
  if (/^[\x20-\x7e]*$/.test(name)) return `${type}; filename="${quoted}"`;
  const fallback = quoted.replace(/[^\x20-\x7e]/g, '?');
  return `${type}; filename="${fallback}"; filename*=UTF-8''${encodeURIComponent(name)}`;
}

function parse() {
  throw new Error('content-disposition parse() is not available under jest');
}

module.exports = { create, parse };
