// Messages of the snapshots part of the UI, zh-CN first; the English catalogue must have
// exactly the same keys (a compile error otherwise).
export const snapshotsZh = {
  'snapshots.title': '基准快照',
};

export const snapshotsEn: Record<keyof typeof snapshotsZh, string> = {
  'snapshots.title': 'Snapshots',
};
