// Messages of the dashboard part of the UI, zh-CN first; the English catalogue must have
// exactly the same keys (a compile error otherwise).
export const dashboardZh = {
  'dashboard.title': '指标看板',
};

export const dashboardEn: Record<keyof typeof dashboardZh, string> = {
  'dashboard.title': 'Dashboard',
};
