// Chinese (Simplified) message catalogue: the reference catalogue. Its keys define
// `Messages`; every other catalogue must have exactly these keys.
import { dashboardZh } from './catalogue/dashboard';
import { editorZh } from './catalogue/editor';
import { exportsZh } from './catalogue/exports';
import { formsZh } from './catalogue/forms';
import { importZh } from './catalogue/import';
import { importMappingsZh } from './catalogue/importMappings';
import { layersZh } from './catalogue/layers';
import { pricesZh } from './catalogue/prices';
import { snapshotsZh } from './catalogue/snapshots';

export const zhCN = {
  ...dashboardZh,
  ...editorZh,
  ...exportsZh,
  ...formsZh,
  ...importZh,
  ...importMappingsZh,
  ...layersZh,
  ...pricesZh,
  ...snapshotsZh,
  'app.name': '园区图谱',
  'app.tagline': '城市工业用地规划 Web GIS',
  'app.documentTitle': '园区图谱 ParkAtlas',

  'lang.switch': 'English',
  'lang.switchTitle': '切换为英文界面',


  'data.title': '数据',
  'data.demoCity': '武汉示范城市',
  'data.loading': '正在下载并校验{city}的图层…',
  'data.failed': '未能载入{city}，详见右侧说明。',
  'data.summary': '{city}：{districts} 个行政区和开发区，{zones} 个工业区块，{parks} 个园区，{parcels} 个地块',
  'data.computed': '在 Web Worker 中载入并计算，用时 {ms} 毫秒',
  'data.note': '示范数据：行政区边界为真实边界，园区、区块和地块均为虚构，仅用于演示。',

  'pack.label': '政策包',
  'pack.loading': '正在载入政策包…',

  'report.placeholder': '合规报告将在此显示。载入城市数据后，系统会逐条核查各项规划指标。',
  'report.loading': '正在计算合规报告…',
  'report.loadingCity': '正在载入城市数据，随后逐条核查…',
  'report.updating': '正在重新计算…',
  'report.error': '无法生成合规报告：{message}',
  'report.error.input': '城市数据有误，共 {n} 处问题',
  'report.error.unknown-pack': '没有这个政策包',
  'report.error.internal': '计算出错',
  'report.error.more': '另有 {n} 处问题未列出',
  'report.problem': '{where}：{message}',
  'report.empty': '没有适用的规则。',
  'report.summary': '达标 {pass}，预警 {warn}，未达标 {fail}，不适用 {na}',
  'report.noValue': '—',
  'report.status.pass': '达标',
  'report.status.warn': '预警',
  'report.status.fail': '未达标',
  'report.status.n/a': '不适用',

  'scope.count.city': '{n} 项',
  'scope.count.district': '{n} 个区',
  'scope.count.tier': '{n} 类园区',
  'scope.count.park': '{n} 个园区',

  'unit.km2': '{n} 平方公里',
  'unit.ratio': '{n}%',
  'unit.count': '{n} 个',
  'unit.wan-yuan-per-mu': '{n} 万元/亩',
  'unit.yi-yuan-per-km2': '{n} 亿元/平方公里',
  'unit.wan-yuan': '{n} 万元',
  'unit.yuan': '{n} 元',
  'unit.percentagePoints': '{n} 个百分点',
};

export type Messages = { readonly [K in keyof typeof zhCN]: string };
export type MessageKey = keyof Messages;
