// The printable report (/print?project=…&policy=…&lang=zh|en[&baseline=…]): an A4 page with
// the map (legend, scale bar, north arrow), the rule table, the price-floor summary and the
// method note, all from the server's GeoJSON export so that paper and files agree. The
// browser prints it to PDF; document.title is the file-name stem "Save as PDF" proposes.
import type { Feature, FeatureCollection } from 'geojson';
import { useEffect, useMemo, useRef, useState } from 'react';
import type { Project } from '../../api/types';
import type { RuleStatus } from '../../domain/policy/pack';
import { LAYER_NAMES, type LayerName } from '../../domain/schema/kinds';
import type { ExportForeign } from '../../io/parcelExport';
import { ApiClient } from '../api/client';
import { formatNumber, formatter } from '../format';
import { translate, type Lang, type MessageKey, type MessageParams } from '../i18n';
import { legendFor } from '../map/layerStyles';
import { floorSummary } from './floorSummary';
import { boundsOf, renderMapImage, scaleBar, type MapImage } from './printMap';
import './print.css';

type ExportFile = FeatureCollection & ExportForeign;

interface Loaded {
  project: Project;
  exported: ExportFile;
  layers: Partial<Record<LayerName, Feature[]>>;
}

type State = { kind: 'loading' } | { kind: 'login' } | { kind: 'error'; message: string } | { kind: 'loaded'; data: Loaded };

const STATUS_KEY: Record<RuleStatus, MessageKey> = { pass: 'print.status.pass', warn: 'print.status.warn', fail: 'print.status.fail', 'n/a': 'print.status.na' };
/** The map shows the city-wide layers: parcels are sub-pixel at a whole city's scale. */
const MAP_LAYERS: readonly LayerName[] = ['districts', 'zones', 'parks'];

function readQuery() {
  const q = new URLSearchParams(window.location.search);
  const lang: 'zh' | 'en' = q.get('lang') === 'en' ? 'en' : 'zh';
  return { project: q.get('project'), policy: q.get('policy'), baseline: q.get('baseline'), lang };
}

const localTime = (iso: string, lang: Lang): string =>
  new Date(iso).toLocaleString(lang, { year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hour12: false });

export function PrintPage() {
  const query = useMemo(readQuery, []);
  const uiLang: Lang = query.lang === 'en' ? 'en' : 'zh-CN';
  const t = useMemo(() => (key: MessageKey, params?: MessageParams) => translate(uiLang, key, params), [uiLang]);
  const api = useMemo(() => new ApiClient(new URL('api/', document.baseURI).href), []);
  const [state, setState] = useState<State>({ kind: 'loading' });
  const [map, setMap] = useState<MapImage | null>(null);
  const [mapFailed, setMapFailed] = useState<string | null>(null);
  const mapBox = useRef<HTMLDivElement>(null);

  useEffect(() => {
    document.documentElement.lang = uiLang;
    document.title = 'ParkAtlas';
  }, [uiLang]);

  useEffect(() => {
    const { project: pid, policy, baseline, lang } = query;
    if (!pid || !policy) {
      setState({ kind: 'error', message: t('print.badQuery') });
      return;
    }
    let cancelled = false;
    (async () => {
      const session = await api.session();
      if (!session) return setState({ kind: 'login' });
      const search = new URLSearchParams({ policy, format: 'geojson', lang });
      if (baseline) search.set('baseline', baseline);
      const project = encodeURIComponent(pid);
      const [projects, exported, ...layers] = await Promise.all([
        api.projects(),
        api.call<ExportFile>('GET', `projects/${project}/export?${search}`),
        ...MAP_LAYERS.map((layer) => api.call<FeatureCollection>('GET', `projects/${project}/layers/${layer}/features`)),
      ]);
      const found = projects.find((p) => p.id === pid) ?? { id: pid, name: pid, role: session.role };
      if (!cancelled) setState({ kind: 'loaded', data: { project: found, exported, layers: Object.fromEntries(MAP_LAYERS.map((l, i) => [l, layers[i].features])) } });
    })().catch((e: unknown) => {
      if (!cancelled) setState({ kind: 'error', message: t('print.failed', { message: e instanceof Error ? e.message : String(e) }) });
    });
    return () => {
      cancelled = true;
    };
  }, [api, query, t]);

  const data = state.kind === 'loaded' ? state.data : null;
  const meta = data?.exported.parkatlas ?? null;
  const stem = data && meta ? `${data.project.id}-${meta.policy}-${meta.method.exportedAt.slice(0, 10)}` : null;

  useEffect(() => {
    if (stem) document.title = stem; // "Save as PDF" proposes this name
  }, [stem]);

  useEffect(() => {
    const box = mapBox.current;
    if (!data || !box || map) return;
    const all = [...LAYER_NAMES.flatMap((l) => data.layers[l] ?? []), ...data.exported.features];
    const bounds = boundsOf(all);
    if (!bounds) {
      setMapFailed('no features');
      return;
    }
    // A container of its own per attempt: StrictMode runs this twice, and two maps must not
    // share one element.
    const own = document.createElement('div');
    own.className = 'print-map-canvas';
    box.appendChild(own);
    let live = true;
    renderMapImage(own, data.layers, bounds).then(
      (image) => live && setMap(image),
      (e: unknown) => live && setMapFailed(e instanceof Error ? e.message : String(e)),
    );
    return () => {
      live = false;
      own.remove();
    };
  }, [data, map]);

  if (state.kind === 'loading') return <div className="print-page" data-state="loading"><p>{t('print.loading')}</p></div>;
  if (state.kind === 'login') {
    return (
      <div className="print-page" data-state="login">
        <p className="print-message">{t('print.needLogin')}</p>
        <a href={new URL('./', document.baseURI).href}>{t('print.toLogin')}</a>
      </div>
    );
  }
  if (state.kind === 'error' || !data || !meta) {
    return <div className="print-page" data-state="error"><p className="print-message">{state.kind === 'error' ? state.message : ''}</p></div>;
  }

  const fmt = formatter(t, uiLang);
  const rules = meta.rules;
  const count = (s: RuleStatus) => rules.filter((r) => r.status === s).length;
  const floors = floorSummary(data.exported.features);
  const wan = (x: number) => formatNumber(uiLang, x, 2);
  const ready = map !== null || mapFailed !== null;
  const bar = map ? scaleBar(map.metresPerPixel, 120) : null;
  const legend = MAP_LAYERS.flatMap((kind) => legendFor(kind, 'landUse').map((e) => ({ ...e, kind })));
  const [open, comma, close, semi] = uiLang === 'en' ? [' (', ', ', ')', '; '] : ['（', '，', '）', '；'];
  const tables = meta.priceTables.map((p) => `${p.title ?? p.id}${open}${p.id}${comma}${p.version ?? '?'}${p.placeholder ? `${comma}${t('print.floors.placeholder')}` : ''}${close}`).join(semi);

  return (
    <div className="print-page" data-state={ready ? 'ready' : 'rendering'} data-testid="print-page">
      <button type="button" className="print-button no-print" onClick={() => window.print()}>
        {t('print.printButton')}
      </button>
      <header className="print-header">
        <h1>{t('print.heading', { project: data.project.name })}</h1>
        <p>{t('print.subheading', { pack: meta.policyTitle, id: meta.policy, version: meta.policyVersion, date: meta.method.exportedAt.slice(0, 10) })}</p>
      </header>

      <section className="print-section print-map-section">
        <h2>{t('print.map')}</h2>
        <div className="print-map-frame">
          {map ? <img className="print-map" src={map.dataUrl} alt={t('print.map')} width={map.width} height={map.height} data-testid="print-map" /> : <div className="print-map" ref={mapBox} />}
          <div className="print-north" aria-label={t('print.north')}>
            <svg viewBox="0 0 24 36" width="24" height="36" aria-hidden="true">
              <polygon points="12,2 20,30 12,24 4,30" fill="#222" />
              <polygon points="12,2 12,24 4,30" fill="#fff" stroke="#222" strokeWidth="1" />
            </svg>
            <span>{t('print.north')}</span>
          </div>
          {bar ? (
            <div className="print-scale" data-testid="print-scale">
              <div className="print-scale-bar" style={{ width: `${bar.px}px` }} />
              <span>{bar.metres >= 1000 ? `${bar.metres / 1000} km` : `${bar.metres} m`}</span>
            </div>
          ) : null}
        </div>
        {mapFailed ? <p className="print-message">{mapFailed}</p> : null}
        <div className="print-legend">
          <strong>{t('print.legend')}</strong>
          {legend.map((e) => (
            <span key={`${e.kind}-${e.color}-${e.zh}`} className="print-legend-entry">
              <i style={{ background: e.color }} />
              {uiLang === 'en' ? e.en : e.zh}
            </span>
          ))}
        </div>
        <p className="print-note">{t('print.mapNote')}</p>
      </section>

      <section className="print-section">
        <h2>{t('print.rules')}</h2>
        <p>{t('print.rulesSummary', { n: rules.length, pass: count('pass'), warn: count('warn'), fail: count('fail'), na: count('n/a') })}</p>
        <table className="print-rules" data-testid="print-rules">
          <thead>
            <tr>
              <th>{t('print.col.id')}</th>
              <th>{t('print.col.scope')}</th>
              <th>{t('print.col.title')}</th>
              <th>{t('print.col.value')}</th>
              <th>{t('print.col.threshold')}</th>
              <th>{t('print.col.gap')}</th>
              <th>{t('print.col.status')}</th>
            </tr>
          </thead>
          <tbody>
            {rules.map((r, i) => (
              <tr key={`${r.id}/${r.scope}`} className={`pr-${r.status === 'n/a' ? 'na' : r.status}`}>
                <td className="nowrap">{r.id}</td>
                <td>{r.scopeName}</td>
                <td>
                  <div>{r.title}</div>
                  {/* the clause once per rule: its per-scope rows follow */}
                  {i === 0 || rules[i - 1].id !== r.id ? <div className="print-clause">{r.clause}</div> : null}
                  {r.reason ? <div className="print-reason">{r.reason}</div> : null}
                </td>
                <td className="num">{fmt.quantity(r.value, r.unit)}</td>
                <td className="num">{fmt.target(r.compare, r.threshold, r.unit)}</td>
                <td className="num">{fmt.gap(r.gap, r.unit)}</td>
                <td className="nowrap pr-status">{t(STATUS_KEY[r.status])}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>

      <section className="print-section" data-testid="print-floors">
        <h2>{t('print.floors')}</h2>
        <p>{t('print.floors.total', { n: formatNumber(uiLang, floors.withFloor), all: formatNumber(uiLang, floors.parcels), sum: wan(floors.sumWanYuan) })}</p>
        <table className="print-floors">
          <thead>
            <tr>
              <th>{t('print.floors.group')}</th>
              <th>{t('print.floors.parcels')}</th>
              <th>{t('print.floors.sum')}</th>
            </tr>
          </thead>
          <tbody>
            {floors.byFactor.map((g) => (
              <tr key={`f-${g.key}`}>
                <td>{t('print.floors.factor', { pct: formatNumber(uiLang, g.factor * 100) })}</td>
                <td className="num">{formatNumber(uiLang, g.parcels)}</td>
                <td className="num">{wan(g.sumWanYuan)}</td>
              </tr>
            ))}
            {floors.byTable.map((g) => (
              <tr key={`t-${g.key}`}>
                <td>{t('print.floors.table', { table: g.table, version: g.version })}</td>
                <td className="num">{formatNumber(uiLang, g.parcels)}</td>
                <td className="num">{wan(g.sumWanYuan)}</td>
              </tr>
            ))}
          </tbody>
        </table>
        {floors.below.length === 0 ? (
          <p>{t('print.floors.belowNone')}</p>
        ) : (
          <p>
            {t('print.floors.below', { n: formatNumber(uiLang, floors.below.length) })}：{floors.below.slice(0, 60).join('、')}
            {floors.below.length > 60 ? ` ${t('print.floors.belowMore', { n: floors.below.length })}` : ''}
          </p>
        )}
      </section>

      <section className="print-section print-method" data-testid="print-method">
        <h2>{t('print.method')}</h2>
        <ul>
          <li>{t('print.method.ellipsoid')}</li>
          <li>{t('print.method.area')}</li>
          <li>{t('print.method.dataDate', { date: localTime(meta.method.dataDate, uiLang) })}</li>
          <li>{t('print.method.pack', { title: meta.policyTitle, id: meta.policy, version: meta.policyVersion })}</li>
          <li>{meta.priceTables.length > 0 ? t('print.method.tables', { tables }) : t('print.method.noTables')}</li>
          {(meta.method.assumptions ?? []).map((text) => (
            <li key={text} data-testid="print-assumption">
              {t('print.method.assumed', { text })}
            </li>
          ))}
          {meta.baseline ? <li>{t('print.method.baseline', { name: meta.baseline.name ?? meta.baseline.id })}</li> : null}
          <li>{t('print.method.generated', { time: localTime(meta.method.exportedAt, uiLang) })}</li>
        </ul>
      </section>
    </div>
  );
}
