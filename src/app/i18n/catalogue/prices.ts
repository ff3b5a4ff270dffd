// Messages of the prices part of the UI, zh-CN first; the English catalogue must have
// exactly the same keys (a compile error otherwise).
export const pricesZh = {
  'prices.title': '出让底价',
};

export const pricesEn: Record<keyof typeof pricesZh, string> = {
  'prices.title': 'Price floors',
};
