// Messages of the exports part of the UI, zh-CN first; the English catalogue must have
// exactly the same keys (a compile error otherwise).
export const exportsZh = {
  'exports.title': '导出',
};

export const exportsEn: Record<keyof typeof exportsZh, string> = {
  'exports.title': 'Export',
};
