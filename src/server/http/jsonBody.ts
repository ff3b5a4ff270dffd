// JSON request bodies, parsed with two guards the store needs: nesting is bounded (a body
// nested 10 000 deep must not reach code that walks it), and no text holds a NUL character
// (PostgreSQL refuses it in text and jsonb, which would surface as a 500).
import type { FastifyInstance } from 'fastify';
import { HttpError } from '../httpError';
import { MAX_JSON_DEPTH } from './limits';

/** The deepest nesting of arrays and objects in JSON text, counted outside strings. */
export function jsonDepth(text: string): number {
  let depth = 0;
  let max = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 92)
        i++; // backslash: skip the escaped character
      else if (c === 34) inString = false;
    } else if (c === 34) inString = true;
    else if (c === 91 || c === 123) max = Math.max(max, ++depth);
    else if (c === 93 || c === 125) depth--;
  }
  return max;
}

/** The path of the first key or text value holding a NUL character, e.g. `edits[0].feature.properties.name`. */
export function nulPath(value: unknown, path = ''): string | null {
  if (typeof value === 'string') return value.includes('\u0000') ? path || '(the body)' : null;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const found = nulPath(value[i], `${path}[${i}]`);
      if (found) return found;
    }
    return null;
  }
  if (typeof value === 'object' && value !== null) {
    for (const [key, inner] of Object.entries(value)) {
      const at = path ? `${path}.${key}` : key;
      if (key.includes('\u0000')) return `${at.replaceAll('\u0000', '\\u0000')} (the key)`;
      const found = nulPath(inner, at);
      if (found) return found;
    }
  }
  return null;
}

export function parseJsonBody(text: string): unknown {
  const depth = jsonDepth(text);
  if (depth > MAX_JSON_DEPTH) throw new HttpError(400, 'too-deep', `the JSON body is nested ${depth} levels deep; at most ${MAX_JSON_DEPTH} are allowed`);
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    throw new HttpError(400, 'bad-json', `the body is not valid JSON: ${(e as Error).message}`);
  }
  // A NUL can only arrive as the escape \u0000 (a raw one is not valid JSON): look for it first.
  if (/\\u0000/i.test(text)) {
    const at = nulPath(value);
    if (at) throw new HttpError(400, 'nul-character', `${at} contains a NUL character (\\u0000), which cannot be stored: remove it`, { field: at });
  }
  return value;
}

export function registerJsonBody(app: FastifyInstance): void {
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (_request, body, done) => {
    try {
      done(null, body === '' ? undefined : parseJsonBody(body as string));
    } catch (e) {
      done(e as Error, undefined);
    }
  });
}
