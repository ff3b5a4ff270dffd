// Small formatting helpers of the price-floor panel.
import { formatNumber } from '../format';
import type { Lang } from '../i18n';

/** A day as the reader's language writes it. */
export function formatDay(lang: Lang, iso: string): string {
  return new Intl.DateTimeFormat(lang, { dateStyle: 'medium' }).format(new Date(iso));
}

/** 元 with no decimals; "—" for none. */
export function yuanText(lang: Lang, yuan: number | null, none: string): string {
  return yuan === null ? none : formatNumber(lang, yuan, 0);
}

/** 万元 to 0.01; "—" for none. */
export function wanText(lang: Lang, yuan: number | null, none: string): string {
  return yuan === null ? none : formatNumber(lang, yuan / 10_000, 2);
}
