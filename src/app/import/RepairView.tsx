// What a repair changed, feature by feature: the shape as read and as repaired, drawn side
// by side, with the actions taken and the area before and after.
import type { Position } from 'geojson';
import { bboxOf, polygonsOf, type Bbox } from '../../domain/geometry/overlay';
import type { AreaGeometry } from '../../domain/schema/kinds';
import type { RepairRecord } from '../../io/import/prepareImport';
import { formatNumber } from '../format';
import { useI18n } from '../i18n';

const SIZE = 96;

function Shape({ geometry, box }: { geometry: AreaGeometry; box: Bbox }) {
  const [minX, minY, maxX, maxY] = box;
  const scale = (SIZE - 8) / Math.max(maxX - minX, maxY - minY, 1e-12);
  const point = (p: Position) => `${(4 + (p[0] - minX) * scale).toFixed(1)},${(4 + (maxY - p[1]) * scale).toFixed(1)}`;
  const d = polygonsOf(geometry).flatMap((rings) => rings.map((ring) => `M${ring.map(point).join('L')}Z`)).join(' ');
  return (
    <svg width={SIZE} height={SIZE} viewBox={`0 0 ${SIZE} ${SIZE}`} className="repair-shape">
      <path d={d} fillRule="evenodd" />
    </svg>
  );
}

/** The box of every ring, holes included: a shape as read may have a hole outside its shell. */
const boxOf = (geometries: AreaGeometry[]): Bbox => bboxOf(geometries.flatMap((g) => polygonsOf(g).flat().map((ring) => [ring])));

export function RepairView({ repairs, count }: { repairs: readonly RepairRecord[]; count: number }) {
  const { t, lang } = useI18n();
  const area = (m2: number | null) => (m2 === null ? t('import.repair.noArea') : t('editor.area.m2', { n: formatNumber(lang, m2, 1) }));
  return (
    <details className="import-repairs" open data-testid="import-repairs">
      <summary>{t('import.repair.summary', { n: count })}</summary>
      <ul>
        {repairs.slice(0, 20).map((r) => {
          const box = boxOf([r.before, r.after]);
          return (
            <li key={r.feature} data-testid={`import-repair-${r.feature}`}>
              <div className="repair-pair">
                <figure>
                  <Shape geometry={r.before} box={box} />
                  <figcaption>{t('import.repair.before', { area: area(r.areaBeforeM2) })}</figcaption>
                </figure>
                <figure>
                  <Shape geometry={r.after} box={box} />
                  <figcaption>{t('import.repair.after', { area: area(r.areaAfterM2) })}</figcaption>
                </figure>
              </div>
              <b>{r.feature}</b>: {r.actions.map((a) => t(`import.repair.action.${a.code}`)).join('；')}
            </li>
          );
        })}
      </ul>
    </details>
  );
}
