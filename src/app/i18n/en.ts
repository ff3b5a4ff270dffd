// English message catalogue. Typed as `Messages`, so a missing key or an extra key
// is a compile error.
import { dashboardEn } from './catalogue/dashboard';
import { editorEn } from './catalogue/editor';
import { exportsEn } from './catalogue/exports';
import { formsEn } from './catalogue/forms';
import { importEn } from './catalogue/import';
import { importMappingsEn } from './catalogue/importMappings';
import { layersEn } from './catalogue/layers';
import { pricesEn } from './catalogue/prices';
import { snapshotsEn } from './catalogue/snapshots';
import type { Messages } from './zh-CN';

export const en: Messages = {
  ...dashboardEn,
  ...editorEn,
  ...exportsEn,
  ...formsEn,
  ...importEn,
  ...importMappingsEn,
  ...layersEn,
  ...pricesEn,
  ...snapshotsEn,
  'app.name': 'ParkAtlas',
  'app.tagline': 'Web GIS for industrial land planning in Chinese cities',
  'app.documentTitle': 'ParkAtlas 园区图谱',

  'lang.switch': '中文',
  'lang.switchTitle': 'Switch to Chinese',


  'data.title': 'Data',
  'data.demoCity': 'Wuhan demo city',
  'data.loading': 'Downloading and checking the layers of the {city}…',
  'data.failed': 'The {city} could not be loaded: see the report.',
  'data.summary': '{city}: {districts} districts and development zones, {zones} industrial blocks, {parks} parks, {parcels} parcels',
  'data.computed': 'Loaded and computed in a Web Worker in {ms} ms',
  'data.note': 'Demo data: the district boundaries are real; parks, blocks and parcels are invented for the demonstration.',

  'pack.label': 'Policy pack',
  'pack.loading': 'Loading the policy packs…',

  'report.placeholder':
    'The compliance report will appear here. Once city data is loaded, every planning rule is checked in turn.',
  'report.loading': 'Computing the compliance report…',
  'report.loadingCity': 'Loading the city data; the rules are checked next…',
  'report.updating': 'Recomputing…',
  'report.error': 'The compliance report could not be produced: {message}',
  'report.error.input': 'The city data has {n} problem(s)',
  'report.error.unknown-pack': 'There is no such policy pack',
  'report.error.internal': 'The computation failed',
  'report.error.more': '{n} more problem(s) not listed',
  'report.problem': '{where}: {message}',
  'report.empty': 'No rules apply.',
  'report.summary': '{pass} pass, {warn} warning, {fail} fail, {na} n/a',
  'report.noValue': '—',
  'report.status.pass': 'pass',
  'report.status.warn': 'warning',
  'report.status.fail': 'fail',
  'report.status.n/a': 'n/a',

  'scope.count.city': '{n} figures',
  'scope.count.district': '{n} districts',
  'scope.count.tier': '{n} park tiers',
  'scope.count.park': '{n} parks',

  'unit.km2': '{n} km²',
  'unit.ratio': '{n}%',
  'unit.count': '{n}',
  'unit.wan-yuan-per-mu': '{n} × 10⁴ yuan/mu',
  'unit.yi-yuan-per-km2': '{n} × 10⁸ yuan/km²',
  'unit.wan-yuan': '{n} × 10⁴ yuan',
  'unit.yuan': '{n} yuan',
  'unit.percentagePoints': '{n} pp',
};
