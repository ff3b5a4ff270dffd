// Chinese (Simplified) message catalogue: the reference catalogue. Its keys define
// `Messages`; every other catalogue must have exactly these keys.
export const zhCN = {
  'app.name': '园区图谱',
  'app.tagline': '城市工业用地规划 Web GIS',
  'app.documentTitle': '园区图谱 ParkAtlas',

  'lang.switch': 'English',
  'lang.switchTitle': '切换为英文界面',

  'intro.heading': '规划工业用地，一图看清',
  'intro.body':
    '园区图谱把行政区、工业区块、产业园区和地块汇集在一张地图上，精确计算用地面积，并对照政策指标和出让底价逐条核查规划方案。',
  'intro.features': '主要功能',
  'intro.feature.area': '精确面积：在椭球面上计算每个地块、园区和区块的面积',
  'intro.feature.quota': '政策指标：逐条核查用地规模、结构占比和亩均效益',
  'intro.feature.price': '出让底价：按土地等别核算工业用地最低出让价',
  'intro.mapNote': '地图编辑器将在后续版本中提供。',

  'report.title': '合规报告',
  'report.placeholder': '合规报告将在此显示。载入城市数据后，系统会逐条核查各项规划指标。',
  'report.loading': '正在计算合规报告…',
  'report.error': '无法生成合规报告：{message}',
  'report.empty': '没有适用的规则。',
  'report.summary': '共 {total} 条规则：{pass} 条达标，{warn} 条预警，{fail} 条未达标，{na} 条不适用',
  'report.col.id': '编号',
  'report.col.scope': '范围',
  'report.col.title': '规则',
  'report.col.value': '实际值',
  'report.col.threshold': '阈值',
  'report.col.status': '状态',
  'report.noValue': '—',
  'report.status.pass': '达标',
  'report.status.warn': '预警',
  'report.status.fail': '未达标',
  'report.status.n/a': '不适用',
};

export type Messages = typeof zhCN;
export type MessageKey = keyof Messages;
