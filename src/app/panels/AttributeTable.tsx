// The attribute table of the bottom drawer: one layer's features as rows, virtualised so
// that 20 000+ parcels scroll smoothly. Sort by a header click, filter by any shown text,
// click to select (ctrl/⌘/shift-click to toggle), the crosshair to zoom the map to a feature.
import { useVirtualizer } from '@tanstack/react-virtual';
import { useDeferredValue, useEffect, useMemo, useRef, useState, type CSSProperties, type MouseEvent } from 'react';
import type { ApiFeature } from '../../api/types';
import { fieldLabel } from '../../domain/schema/attributes';
import type { LayerName } from '../../domain/schema/kinds';
import { formatNumber } from '../format';
import { useI18n, type Lang, type Translate } from '../i18n';
import { displayLabel } from './attributeFields';
import {
  buildRows,
  cellText,
  filterRows,
  nextSort,
  sortRows,
  tableColumns,
  type ColumnId,
  type RowCache,
  type TableColumn,
  type TableSort,
} from './tableRows';
import './forms.css';

export interface AttributeTableProps {
  layer: LayerName;
  features: readonly ApiFeature[];
  /** m² by feature id */
  areas: ReadonlyMap<string, number>;
  selectedIds: ReadonlySet<string>;
  /** click = replace, ctrl/shift-click = toggle */
  onSelect(ids: string[], mode: 'replace' | 'toggle'): void;
  onZoomTo(id: string): void;
}

const ROW_HEIGHT = 26;
const HEADER_HEIGHT = 28;

const WIDTHS: Readonly<Record<ColumnId, string>> = {
  id: '136px',
  name: 'minmax(140px, 2fr)',
  landUse: 'minmax(150px, 2fr)',
  status: '72px',
  grade: '76px',
  far: '64px',
  tier: '120px',
  kind: '120px',
  district: 'minmax(100px, 1fr)',
  areaMu: '100px',
  areaM2: '110px',
  areaHa: '100px',
  areaKm2: '120px',
};
const ZOOM_WIDTH = '34px';

function columnLabel(layer: LayerName, column: TableColumn, lang: Lang, t: Translate): string {
  switch (column.id) {
    case 'id':
      return t('forms.column.id');
    case 'areaMu':
    case 'areaM2':
    case 'areaHa':
    case 'areaKm2':
      return t(`forms.column.${column.id}`);
    default: {
      const label = column.field ? fieldLabel(layer, column.field) : undefined;
      return label ? displayLabel(label, lang) : column.id;
    }
  }
}

export function AttributeTable({ layer, features, areas, selectedIds, onSelect, onZoomTo }: AttributeTableProps) {
  const { t, lang } = useI18n();
  const [query, setQuery] = useState('');
  const [sort, setSort] = useState<TableSort | null>(null);
  const filter = useDeferredValue(query);
  const scrollRef = useRef<HTMLDivElement>(null);

  const columns = tableColumns(layer);
  // A fresh cache per layer and language; within them an edit rebuilds only its feature's row.
  const cache: RowCache = useMemo(() => new WeakMap(), [layer, lang]); // eslint-disable-line react-hooks/exhaustive-deps -- the dependencies are the cache's key, not its inputs
  const rows = useMemo(() => buildRows(layer, features, areas, cellText(lang, t), cache), [layer, features, areas, lang, t, cache]);
  const sorted = useMemo(() => sortRows(rows, layer, sort), [rows, layer, sort]);
  const shown = useMemo(() => filterRows(sorted, filter), [sorted, filter]);

  const virtualizer = useVirtualizer({
    count: shown.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 10,
    scrollMargin: HEADER_HEIGHT,
    getItemKey: (index) => shown[index].id,
  });

  // A single feature picked on the map: bring its row into view.
  useEffect(() => {
    if (selectedIds.size !== 1) return;
    const index = shown.findIndex((row) => selectedIds.has(row.id));
    if (index >= 0) virtualizer.scrollToIndex(index, { align: 'auto' });
  }, [selectedIds, shown, virtualizer]);

  const template: CSSProperties = {
    gridTemplateColumns: [...columns.map((c) => WIDTHS[c.id]), ZOOM_WIDTH].join(' '),
  };
  const labels = columns.map((c) => columnLabel(layer, c, lang, t));
  const select = (id: string, e: MouseEvent | { ctrlKey: boolean; metaKey: boolean; shiftKey: boolean }): void =>
    onSelect([id], e.ctrlKey || e.metaKey || e.shiftKey ? 'toggle' : 'replace');

  return (
    <section
      className="attribute-table"
      data-testid="attribute-table"
      aria-label={t('forms.table.label', { layer: t(`forms.layer.${layer}`) })}
    >
      <div className="at-toolbar">
        <input
          className="at-filter"
          type="search"
          data-testid="table-filter"
          value={query}
          placeholder={t('forms.table.filter')}
          aria-label={t('forms.table.filter')}
          onChange={(e) => setQuery(e.target.value)}
        />
        <span className="at-count" data-testid="table-count" aria-live="polite">
          {t('forms.table.count', { shown: formatNumber(lang, shown.length), total: formatNumber(lang, features.length) })}
        </span>
      </div>
      <div className="at-scroll" ref={scrollRef}>
        <div className="at-grid" role="grid" aria-rowcount={shown.length + 1} aria-multiselectable="true">
          <div className="at-row at-header" role="row" aria-rowindex={1} style={{ ...template, height: HEADER_HEIGHT }}>
            {columns.map((column, i) => {
              const direction = sort?.column === column.id ? sort.direction : null;
              return (
                <div
                  key={column.id}
                  role="columnheader"
                  className={column.type === 'number' ? 'at-cell at-num' : 'at-cell'}
                  aria-sort={direction === 'asc' ? 'ascending' : direction === 'desc' ? 'descending' : 'none'}
                >
                  <button
                    type="button"
                    className="at-sort"
                    data-testid={`table-sort-${column.id}`}
                    title={t('forms.table.sortBy', { column: labels[i] })}
                    onClick={() => setSort((s) => nextSort(s, column.id))}
                  >
                    <span className="at-sort-label">{labels[i]}</span>
                    <span className="at-sort-mark" aria-hidden="true">
                      {direction === 'asc' ? '▲' : direction === 'desc' ? '▼' : ''}
                    </span>
                  </button>
                </div>
              );
            })}
            <div role="columnheader" className="at-cell">
              <span className="at-hidden">{t('forms.column.zoom')}</span>
            </div>
          </div>
          <div className="at-body" style={{ height: virtualizer.getTotalSize() }}>
            {shown.length === 0 ? <p className="at-empty">{t('forms.table.empty')}</p> : null}
            {virtualizer.getVirtualItems().map((item) => {
              const row = shown[item.index];
              const selected = selectedIds.has(row.id);
              const zoom = t('forms.table.zoom', { id: row.id });
              return (
                <div
                  key={item.key}
                  role="row"
                  tabIndex={0}
                  aria-rowindex={item.index + 2}
                  aria-selected={selected}
                  data-testid={`table-row-${row.id}`}
                  className={selected ? 'at-row at-selected' : 'at-row'}
                  style={{ ...template, height: ROW_HEIGHT, transform: `translateY(${item.start - HEADER_HEIGHT}px)` }}
                  onClick={(e) => select(row.id, e)}
                  onDoubleClick={() => onZoomTo(row.id)}
                  onKeyDown={(e) => {
                    if (e.target !== e.currentTarget || (e.key !== 'Enter' && e.key !== ' ')) return;
                    e.preventDefault();
                    select(row.id, e);
                  }}
                >
                  {columns.map((column, i) => (
                    <div
                      key={column.id}
                      role="gridcell"
                      className={column.type === 'number' ? 'at-cell at-num' : 'at-cell'}
                      title={row.texts[i]}
                    >
                      {row.texts[i]}
                    </div>
                  ))}
                  <div role="gridcell" className="at-cell at-zoom-cell">
                    <button
                      type="button"
                      className="at-zoom"
                      data-testid={`table-zoom-${row.id}`}
                      title={zoom}
                      aria-label={zoom}
                      onClick={(e) => {
                        e.stopPropagation();
                        onZoomTo(row.id);
                      }}
                      onDoubleClick={(e) => e.stopPropagation()}
                    >
                      <ZoomIcon />
                    </button>
                  </div>
                </div>
              );
            })}
          </div>
        </div>
      </div>
    </section>
  );
}

/** A crosshair: "zoom the map to this feature". */
function ZoomIcon() {
  return (
    <svg width="14" height="14" viewBox="0 0 16 16" aria-hidden="true" focusable="false">
      <circle cx="8" cy="8" r="4.5" fill="none" stroke="currentColor" strokeWidth="1.5" />
      <path d="M8 0.5v3M8 12.5v3M0.5 8h3M12.5 8h3" stroke="currentColor" strokeWidth="1.5" />
    </svg>
  );
}
