// The project now against the chosen baseline: totals per layer, parcel area by land use,
// industrial parcel area by park, and the features added, removed and changed — listed,
// and on the map while "show the changes" is on. Fetched again after every edit (the
// report's citySeq moves only once the server has stored the edit).
import { useEffect, useRef, useState, type ReactNode } from 'react';
import type { SnapshotComparison } from '../../api/types';
import type { LayerName } from '../../domain/schema/kinds';
import { formatNumber } from '../format';
import { useI18n } from '../i18n';
import type { BaselineInfo, ReportContext } from '../panels/reportContext';
import { bboxOfGeometry, CHANGE_LAYERS, changedIds, removedGhosts } from './changeMarks';
import { loadBaselineLayers } from './loadBaseline';
import { areaParts, errorText, formatTime, haText } from './text';

/** Ids listed per group at most (a re-import can change thousands). */
const LIST_MAX = 200;

type Kind = 'added' | 'removed' | 'changed';
const KINDS: readonly Kind[] = ['added', 'removed', 'changed'];

export function ComparisonView({ ctx, baseline }: { ctx: ReportContext; baseline: BaselineInfo }) {
  const { t, lang } = useI18n();
  const [cmp, setCmp] = useState<SnapshotComparison | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [loading, setLoading] = useState(true);
  const [showOnMap, setShowOnMap] = useState(false);
  const [allParks, setAllParks] = useState(false);
  const citySeq = ctx.report.report?.citySeq ?? 0;
  const { api, project } = ctx;
  // ctx is rebuilt on every render of the editor: effects reach it through a ref.
  const latest = useRef(ctx);
  latest.current = ctx;

  useEffect(() => {
    let live = true;
    setLoading(true);
    api
      .call<SnapshotComparison>('GET', `projects/${encodeURIComponent(project.id)}/snapshots/${encodeURIComponent(baseline.snapshotId)}/compare`)
      .then(
        (answer) => {
          if (!live) return;
          setCmp(answer);
          setError(null);
        },
        (e: unknown) => live && setError(errorText(e)),
      )
      .finally(() => live && setLoading(false));
    return () => {
      live = false;
    };
  }, [api, project.id, baseline.snapshotId, citySeq]);

  // The marks follow the comparison while the toggle is on. They are cleared when it is
  // turned off and when the panel goes: nothing would keep them current after later edits.
  useEffect(() => {
    if (!showOnMap || !cmp) return;
    let live = true;
    const c = latest.current;
    c.mark('added', changedIds(cmp, 'added'));
    c.mark('changed', changedIds(cmp, 'changed'));
    void loadBaselineLayers(api, project.id, baseline.snapshotId).then(
      (layers) => live && latest.current.setGhosts(removedGhosts(cmp, layers)),
      (e: unknown) => live && setError(errorText(e)),
    );
    return () => {
      live = false;
      const now = latest.current;
      now.mark('added', null);
      now.mark('changed', null);
      now.setGhosts(null);
    };
  }, [showOnMap, cmp, api, project.id, baseline.snapshotId]);

  const frameRemoved = (layer: LayerName, id: string): void => {
    void loadBaselineLayers(api, project.id, baseline.snapshotId).then((layers) => {
      const f = layers[layer].find((x) => x.id === id);
      if (f) latest.current.fitBounds(bboxOfGeometry(f.geometry));
    });
  };

  const parkRows = cmp ? cmp.industrialAreaByPark.filter((r) => allParks || Math.abs(r.changeM2) >= 0.01 || r.inNow !== r.inBaseline) : [];
  const anyChange = cmp ? CHANGE_LAYERS.some((l) => KINDS.some((k) => cmp.layers[l][k].length > 0)) : false;

  return (
    <div className="snapshot-compare" data-testid="snapshot-compare" aria-busy={loading} data-city-seq={citySeq}>
      <h4>{t('snapshots.compare.title')}</h4>
      <p className="snapshot-baseline" data-testid="snapshot-baseline">
        {t('snapshots.baseline', { name: baseline.name, time: formatTime(lang, baseline.createdAt) })}
      </p>
      {error !== null ? <p className="snapshot-error" role="alert">{t('snapshots.compare.failed', { message: error })}</p> : null}
      {cmp === null && error === null ? <p className="muted">{t('snapshots.compare.loading')}</p> : null}
      {cmp ? (
        <>
          <label className="snapshot-toggle">
            <input type="checkbox" data-testid="snapshot-show-on-map" checked={showOnMap} onChange={(e) => setShowOnMap(e.target.checked)} />
            <span>{t('snapshots.showOnMap')}</span>
          </label>
          {showOnMap ? <p className="muted snapshot-legend">{t('snapshots.showOnMapNote')}</p> : null}

          <h5>{t('snapshots.compare.layers')}</h5>
          <table className="snapshot-table" data-testid="compare-layers">
            <thead>
              <tr>
                <th>{t('snapshots.compare.layer')}</th>
                <th className="num">{t('snapshots.compare.count')}</th>
                <th className="num">{t('snapshots.compare.now')}</th>
                <th className="num">{t('snapshots.compare.then')}</th>
                <th className="num">{t('snapshots.compare.change')}</th>
              </tr>
            </thead>
            <tbody>
              {CHANGE_LAYERS.map((layer) => {
                const l = cmp.layers[layer];
                return (
                  <tr key={layer} data-testid={`compare-layer-${layer}`} data-change-m2={l.areaChangeM2}>
                    <th scope="row">{t(`layers.name.${layer}`)}</th>
                    <td className="num">
                      {formatNumber(lang, l.countNow)} / {formatNumber(lang, l.countBaseline)}
                    </td>
                    <td className="num"><Area m2={l.areaNowM2} /></td>
                    <td className="num"><Area m2={l.areaBaselineM2} /></td>
                    <td className={`num${changeClass(l.areaChangeM2)}`} data-testid={`compare-change-${layer}`}>
                      <Area m2={l.areaChangeM2} sign />
                    </td>
                  </tr>
                );
              })}
              <tr data-testid="compare-industrial">
                <th scope="row">{t('snapshots.compare.industrialTotal')}</th>
                <td />
                <td className="num"><Area m2={cmp.industrialAreaNowM2} /></td>
                <td className="num"><Area m2={cmp.industrialAreaBaselineM2} /></td>
                <td className={`num${changeClass(cmp.industrialAreaNowM2 - cmp.industrialAreaBaselineM2)}`}>
                  <Area m2={cmp.industrialAreaNowM2 - cmp.industrialAreaBaselineM2} sign />
                </td>
              </tr>
            </tbody>
          </table>

          <h5>{t('snapshots.compare.features')}</h5>
          {!anyChange ? <p className="muted">{t('snapshots.compare.nothing')}</p> : <p className="muted">{t('snapshots.compare.selectHint')}</p>}
          {CHANGE_LAYERS.filter((layer) => KINDS.some((k) => cmp.layers[layer][k].length > 0)).map((layer) => (
            <div key={layer} className="snapshot-changes">
              <h6>{t(`layers.name.${layer}`)}</h6>
              {KINDS.map((kind) => {
                const ids = cmp.layers[layer][kind];
                return (
                  <details key={kind} className={`snapshot-group snapshot-${kind}`} data-testid={`compare-${kind}-${layer}`} data-count={ids.length} data-ids={ids.join(' ')}>
                    <summary>
                      {t(`snapshots.compare.${kind}`)} <strong>{formatNumber(lang, ids.length)}</strong>
                    </summary>
                    <ul>
                      {ids.slice(0, LIST_MAX).map((id) => (
                        <li key={id}>
                          {kind === 'removed' ? (
                            <button type="button" className="link-button" title={t('snapshots.compare.frame', { id })} data-testid={`compare-id-${id}`} onClick={() => frameRemoved(layer, id)}>
                              {id}
                            </button>
                          ) : (
                            <button type="button" className="link-button" title={t('snapshots.compare.select', { id })} data-testid={`compare-id-${id}`} onClick={() => latest.current.select(layer, [id])}>
                              {id}
                            </button>
                          )}
                        </li>
                      ))}
                    </ul>
                    {ids.length > LIST_MAX ? <p className="muted">{t('snapshots.compare.more', { n: formatNumber(lang, ids.length - LIST_MAX) })}</p> : null}
                  </details>
                );
              })}
            </div>
          ))}

          <h5>{t('snapshots.compare.landUse')}</h5>
          <AreaChangeTable
            testId="compare-land-use"
            heading={t('snapshots.compare.code')}
            rows={cmp.parcelAreaByLandUse.map((row) => ({
              ...row,
              key: row.code,
              testId: `compare-land-use-${row.code}`,
              label: (
                <>
                  <code>{row.code}</code> {(lang === 'en' ? row.en : row.zh) ?? t('snapshots.compare.unknownCode')}
                </>
              ),
            }))}
          />

          <h5>{t('snapshots.compare.byPark')}</h5>
          <p className="muted">{t('snapshots.compare.byParkNote', { codes: cmp.industrialLandUse.join('、'), policy: cmp.policy })}</p>
          <p className="muted">
            {allParks ? null : t('snapshots.compare.changedOnly', { n: parkRows.length, total: cmp.industrialAreaByPark.length })}{' '}
            <button type="button" className="link-button" data-testid="compare-parks-all" onClick={() => setAllParks(!allParks)}>
              {allParks ? t('snapshots.compare.showChanged') : t('snapshots.compare.showAll')}
            </button>
          </p>
          {parkRows.length === 0 ? (
            <p className="muted">{t('snapshots.compare.noParkChange')}</p>
          ) : (
            <AreaChangeTable
              testId="compare-parks"
              heading={t('snapshots.compare.park')}
              rows={parkRows.map((row) => ({
                ...row,
                key: row.parkId,
                testId: `compare-park-${row.parkId}`,
                label: (
                  <>
                    {row.inNow ? (
                      <button type="button" className="link-button" onClick={() => latest.current.select('parks', [row.parkId])}>
                        {row.name ?? row.parkId}
                      </button>
                    ) : (
                      row.name ?? row.parkId
                    )}
                    {!row.inNow ? ` ${t('snapshots.compare.parkGone')}` : !row.inBaseline ? ` ${t('snapshots.compare.parkNew')}` : null}
                  </>
                ),
              }))}
            />
          )}
        </>
      ) : null}
    </div>
  );
}

interface AreaChangeRow {
  key: string;
  testId: string;
  label: ReactNode;
  nowM2: number;
  baselineM2: number;
  changeM2: number;
}

/** Areas now, then and the change (公顷), one row per land use or park. */
function AreaChangeTable({ testId, heading, rows }: { testId: string; heading: string; rows: readonly AreaChangeRow[] }) {
  const { t, lang } = useI18n();
  return (
    <table className="snapshot-table" data-testid={testId}>
      <thead>
        <tr>
          <th>{heading}</th>
          <th className="num">
            {t('snapshots.compare.now')}（{t('snapshots.unit.ha')}）
          </th>
          <th className="num">{t('snapshots.compare.then')}</th>
          <th className="num">{t('snapshots.compare.change')}</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((row) => (
          <tr key={row.key} data-testid={row.testId} data-change-m2={row.changeM2}>
            <th scope="row">{row.label}</th>
            <td className="num">{haText(lang, row.nowM2)}</td>
            <td className="num">{haText(lang, row.baselineM2)}</td>
            <td className={`num${changeClass(row.changeM2)}`}>{haText(lang, row.changeM2, true)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** km² over 公顷, in one table cell. */
function Area({ m2, sign = false }: { m2: number; sign?: boolean }) {
  const { t, lang } = useI18n();
  const { km2, ha } = areaParts(t, lang, m2, sign);
  return (
    <>
      <span className="area-km2">{km2}</span>
      <span className="area-ha">{ha}</span>
    </>
  );
}

/** Coloured when the change shows in the figures (0.01 m² and more). */
function changeClass(m2: number): string {
  return m2 >= 0.01 ? ' gain' : m2 <= -0.01 ? ' loss' : '';
}
