// Area units planners use. 1 亩 = 10000/15 m² exactly (市亩); 1 公顷 = 10 000 m².

export type AreaUnit = 'm2' | 'ha' | 'mu' | 'km2';

export const M2_PER: Readonly<Record<AreaUnit, number>> = {
  m2: 1,
  ha: 10_000,
  mu: 10_000 / 15,
  km2: 1_000_000,
};

/** Converts m² to another unit. Multiplying by 15 then dividing keeps 亩 exact for whole m². */
export function fromSquareMetres(m2: number, unit: AreaUnit): number {
  if (unit === 'mu') return (m2 * 15) / 10_000;
  return m2 / M2_PER[unit];
}

export function toSquareMetres(value: number, unit: AreaUnit): number {
  if (unit === 'mu') return (value * 10_000) / 15;
  return value * M2_PER[unit];
}

export const UNIT_LABELS: Readonly<Record<AreaUnit, { zh: string; en: string }>> = {
  m2: { zh: '平方米', en: 'm²' },
  ha: { zh: '公顷', en: 'ha' },
  mu: { zh: '亩', en: 'mu' },
  km2: { zh: '平方公里', en: 'km²' },
};
