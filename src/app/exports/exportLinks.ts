// Where the exports and the print page are: plain links, so the browser downloads with the
// server's file name (Content-Disposition) and the session cookie.
import type { ExportFormat } from '../../api/types';
export type ExportLang = 'zh' | 'en';
export type ExportFormatParam = ExportFormat;

export interface ExportQuery {
  project: string;
  policy: string;
  lang: ExportLang;
  baseline: string | null;
}

function params(entries: Record<string, string | null>): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(entries)) if (value !== null) search.set(key, value);
  return search.toString();
}

/** Relative to the app's base, as the API client's URLs are. */
export function exportHref(format: ExportFormatParam, q: ExportQuery): string {
  return new URL(`api/projects/${encodeURIComponent(q.project)}/export?${params({ policy: q.policy, format, lang: q.lang, baseline: q.baseline })}`, document.baseURI).href;
}

export function printHref(q: ExportQuery): string {
  return new URL(`print?${params({ project: q.project, policy: q.policy, lang: q.lang, baseline: q.baseline })}`, document.baseURI).href;
}
