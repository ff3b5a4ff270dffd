// English message catalogue. Typed as `Messages`, so a missing key or an extra key
// is a compile error.
import type { Messages } from './zh-CN';

export const en: Messages = {
  'app.name': 'ParkAtlas',
  'app.tagline': 'Web GIS for industrial land planning in Chinese cities',
  'app.documentTitle': 'ParkAtlas 园区图谱',

  'lang.switch': '中文',
  'lang.switchTitle': 'Switch to Chinese',

  'intro.heading': 'Industrial land planning at a glance',
  'intro.body':
    'ParkAtlas brings districts, industrial blocks, industrial parks and parcels together on one map, measures land exactly, and checks a plan rule by rule against policy quotas and land-price floors.',
  'intro.features': 'What it does',
  'intro.feature.area': 'Exact areas: every parcel, park and block measured on the ellipsoid',
  'intro.feature.quota': 'Policy quotas: land totals, land-use shares and yield per mu checked rule by rule',
  'intro.feature.price': 'Price floors: minimum industrial land prices by national land grade',
  'intro.mapNote': 'The map editor is coming in a later release.',

  'report.title': 'Compliance report',
  'report.placeholder':
    'The compliance report will appear here. Once city data is loaded, every planning rule is checked in turn.',
  'report.loading': 'Computing the compliance report…',
  'report.error': 'The compliance report could not be produced: {message}',
  'report.empty': 'No rules apply.',
  'report.summary': '{total} rules: {pass} pass, {warn} warning, {fail} fail, {na} n/a',
  'report.col.id': 'ID',
  'report.col.scope': 'Scope',
  'report.col.title': 'Rule',
  'report.col.value': 'Value',
  'report.col.threshold': 'Threshold',
  'report.col.status': 'Status',
  'report.noValue': '—',
  'report.status.pass': 'pass',
  'report.status.warn': 'warning',
  'report.status.fail': 'fail',
  'report.status.n/a': 'n/a',
};
