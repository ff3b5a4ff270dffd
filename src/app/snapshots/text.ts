// Small formatting helpers of the snapshot panel.
import { fromSquareMetres } from '../../domain/units';
import { formatNumber } from '../format';
import type { Lang, Translate } from '../i18n';

export function errorText(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

/** A snapshot's time, as the reader's language writes dates. */
export function formatTime(lang: Lang, iso: string): string {
  return new Intl.DateTimeFormat(lang, { dateStyle: 'medium', timeStyle: 'short' }).format(new Date(iso));
}

const signed = (lang: Lang, value: number, digits: number): string => {
  const text = formatNumber(lang, Math.abs(value), digits);
  if (/^[0.,\s]+$/.test(text)) return text; // rounds to zero: no sign
  return `${value < 0 ? '−' : '+'}${text}`;
};

/** An area as km² and 公顷 (two lines in the tables); `sign`: a change, with + or −. */
export function areaParts(t: Translate, lang: Lang, m2: number, sign = false): { km2: string; ha: string } {
  const km2 = fromSquareMetres(m2, 'km2');
  const ha = fromSquareMetres(m2, 'ha');
  return {
    km2: t('snapshots.km2Value', { v: sign ? signed(lang, km2, 4) : formatNumber(lang, km2, 4) }),
    ha: t('snapshots.haValue', { v: sign ? signed(lang, ha, 2) : formatNumber(lang, ha, 2) }),
  };
}

/** Hectares only, for the narrower tables. */
export function haText(lang: Lang, m2: number, sign = false): string {
  const ha = fromSquareMetres(m2, 'ha');
  return sign ? signed(lang, ha, 2) : formatNumber(lang, ha, 2);
}
