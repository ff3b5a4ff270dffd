// The report side tab: the compliance dashboard, price floors, snapshots and exports, each a
// panel of its own over the same report worker and map marks.
import { useState } from 'react';
import { DashboardPanel } from '../dashboard/DashboardPanel';
import { ExportPanel } from '../exports/ExportPanel';
import { useI18n, type MessageKey } from '../i18n';
import { PriceFloorPanel } from '../prices/PriceFloorPanel';
import { SnapshotPanel } from '../snapshots/SnapshotPanel';
import { DataPanel } from './DataPanel';
import type { ReportContext } from './reportContext';

export type ReportSection = 'dashboard' | 'prices' | 'snapshots' | 'exports';

const SECTIONS: ReadonlyArray<{ id: ReportSection; title: MessageKey }> = [
  { id: 'dashboard', title: 'dashboard.title' },
  { id: 'prices', title: 'prices.title' },
  { id: 'snapshots', title: 'snapshots.title' },
  { id: 'exports', title: 'exports.title' },
];

export function ReportTab({ ctx }: { ctx: ReportContext }) {
  const { t } = useI18n();
  const [section, setSection] = useState<ReportSection>('dashboard');
  const { report } = ctx;
  return (
    <div className="report-tab">
      <div className="subtabs" role="tablist">
        {SECTIONS.map(({ id, title }) => (
          <button key={id} type="button" role="tab" aria-selected={section === id} data-testid={`report-section-${id}`} className={`subtab${section === id ? ' subtab-active' : ''}`} onClick={() => setSection(id)}>
            {t(title)}
          </button>
        ))}
      </div>
      {section === 'dashboard' ? (
        <>
          <DataPanel layers={report.layersLoaded} load={report.load} failed={report.status === 'error'} />
          <DashboardPanel ctx={ctx} />
        </>
      ) : null}
      {section === 'prices' ? <PriceFloorPanel ctx={ctx} /> : null}
      {section === 'snapshots' ? <SnapshotPanel ctx={ctx} /> : null}
      {section === 'exports' ? <ExportPanel ctx={ctx} /> : null}
    </div>
  );
}
