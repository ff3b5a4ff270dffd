// The price-floor table: one row per parcel, virtualised (20 000+ rows scroll smoothly).
// The factor cell's tooltip is the floor's reason; a click selects the parcel.
import { useVirtualizer } from '@tanstack/react-virtual';
import { useEffect, useRef, type CSSProperties } from 'react';
import { landUseCode } from '../../domain/schema/landUse';
import { formatNumber } from '../format';
import { useI18n, type MessageKey } from '../i18n';
import type { FloorRow } from '../worker/messages';
import { wanText, yuanText } from './text';

const ROW_HEIGHT = 26;
const HEADER_HEIGHT = 30;

const COLUMNS: ReadonlyArray<{ key: MessageKey; width: string; num?: boolean }> = [
  { key: 'prices.col.parcel', width: '120px' },
  // the flag second: visible without scrolling sideways in the side panel
  { key: 'prices.col.flag', width: '76px' },
  { key: 'prices.col.landUse', width: '96px' },
  { key: 'prices.col.grade', width: '44px', num: true },
  { key: 'prices.col.unitPrice', width: '72px', num: true },
  { key: 'prices.col.table', width: '180px' },
  { key: 'prices.col.factor', width: '52px', num: true },
  { key: 'prices.col.floorYuan', width: '104px', num: true },
  { key: 'prices.col.floorWan', width: '84px', num: true },
  { key: 'prices.col.sale', width: '84px', num: true },
];
const TEMPLATE: CSSProperties = { gridTemplateColumns: COLUMNS.map((c) => c.width).join(' ') };

export function FloorTable({ rows, selectedId, tableLabel, onSelect }: {
  rows: readonly FloorRow[];
  selectedId: string | null;
  /** "v3 (2026-11-22, planner) · 武汉市工业用地基准地价": the version first, so a narrow column still shows it */
  tableLabel(row: FloorRow): string;
  onSelect(row: FloorRow): void;
}) {
  const { t, lang } = useI18n();
  const l = lang === 'en' ? 'en' : 'zh';
  const none = t('prices.noValue');
  const scrollRef = useRef<HTMLDivElement>(null);
  const virtualizer = useVirtualizer({
    count: rows.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 12,
    scrollMargin: HEADER_HEIGHT,
    getItemKey: (index) => rows[index].id,
  });

  // A parcel picked elsewhere (the map): bring its row into view.
  useEffect(() => {
    if (selectedId === null) return;
    const index = rows.findIndex((r) => r.id === selectedId);
    if (index >= 0) virtualizer.scrollToIndex(index, { align: 'auto' });
  }, [selectedId, rows, virtualizer]);

  return (
    <div className="pf-scroll" ref={scrollRef} data-testid="floor-table">
      <div className="pf-grid" role="grid" aria-rowcount={rows.length + 1}>
        <div className="pf-row pf-header" role="row" style={{ ...TEMPLATE, height: HEADER_HEIGHT }}>
          {COLUMNS.map((c) => (
            <div key={c.key} role="columnheader" className={c.num ? 'pf-cell pf-num' : 'pf-cell'}>
              {t(c.key)}
            </div>
          ))}
        </div>
        <div className="pf-body" style={{ height: virtualizer.getTotalSize() }}>
          {rows.length === 0 ? <p className="pf-empty">{t('prices.empty')}</p> : null}
          {virtualizer.getVirtualItems().map((item) => {
            const r = rows[item.index];
            const use = landUseCode(r.landUse);
            const selected = r.id === selectedId;
            const breachTitle = r.breach ? t('prices.breachTitle', { sale: wanText(lang, r.salePrice, none), floor: wanText(lang, r.floorYuan, none) }) : undefined;
            return (
              <div
                key={item.key}
                role="row"
                tabIndex={0}
                aria-selected={selected}
                data-testid={r.breach ? `floor-breach-${r.id}` : `floor-row-${r.id}`}
                data-parcel={r.id}
                className={`pf-row${selected ? ' pf-selected' : ''}${r.breach ? ' pf-breach' : ''}`}
                style={{ ...TEMPLATE, height: ROW_HEIGHT, transform: `translateY(${item.start - HEADER_HEIGHT}px)` }}
                onClick={() => onSelect(r)}
                onKeyDown={(e) => {
                  if (e.target !== e.currentTarget || (e.key !== 'Enter' && e.key !== ' ')) return;
                  e.preventDefault();
                  onSelect(r);
                }}
              >
                <div role="gridcell" className="pf-cell" title={r.name ? `${r.id} ${r.name}` : r.id}>{r.name ?? r.id}</div>
                <div role="gridcell" className="pf-cell" title={breachTitle}>{r.breach ? <span className="pf-flag">{t('prices.breach')}</span> : null}</div>
                <div role="gridcell" className="pf-cell" title={`${r.landUse} ${use?.[l] ?? ''}`}>{use ? use[l] : r.landUse}</div>
                <div role="gridcell" className="pf-cell pf-num">{r.grade ?? none}</div>
                <div role="gridcell" className="pf-cell pf-num">{r.unitPrice === null ? none : formatNumber(lang, r.unitPrice, r.unitPrice % 1 === 0 ? 0 : 2)}</div>
                <div role="gridcell" className="pf-cell" data-testid={`floor-table-${r.id}`} title={r.table ? tableLabel(r) : r.reason}>{r.table ? tableLabel(r) : none}</div>
                <div role="gridcell" className="pf-cell pf-num pf-factor" title={r.reason}>{r.factor === null ? none : `${formatNumber(lang, r.factor * 100, 0)}%`}</div>
                <div role="gridcell" className="pf-cell pf-num" data-testid={`floor-yuan-${r.id}`} data-yuan={r.floorYuan ?? ''} title={r.reason}>{yuanText(lang, r.floorYuan, none)}</div>
                <div role="gridcell" className="pf-cell pf-num">{wanText(lang, r.floorYuan, none)}</div>
                <div role="gridcell" className="pf-cell pf-num">{wanText(lang, r.salePrice, none)}</div>
              </div>
            );
          })}
        </div>
      </div>
    </div>
  );
}
