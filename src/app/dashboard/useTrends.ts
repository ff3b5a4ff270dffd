// The figures of each chosen pack across the project's saved snapshots, for the cards'
// trend lines. A project without snapshots (or a server without the route) has none.
import { useEffect, useState } from 'react';
import type { TrendResponse } from '../../api/types';
import type { ApiClient } from '../api/client';

export function useTrends(api: ApiClient, projectId: string, packIds: readonly string[]): ReadonlyMap<string, TrendResponse> {
  const [trends, setTrends] = useState<ReadonlyMap<string, TrendResponse>>(new Map());
  const key = packIds.join('\n');
  useEffect(() => {
    let live = true;
    const ids = key === '' ? [] : key.split('\n');
    void Promise.all(
      ids.map((id) =>
        api
          .call<TrendResponse>('GET', `projects/${encodeURIComponent(projectId)}/snapshots/trend?policy=${encodeURIComponent(id)}`)
          .then((trend): [string, TrendResponse] | null => (trend.points.length > 0 ? [id, trend] : null))
          // no trend is no loss: the cards simply show none
          .catch(() => null),
      ),
    ).then((answers) => {
      if (live) setTrends(new Map(answers.filter((a) => a !== null)));
    });
    return () => {
      live = false;
    };
  }, [api, projectId, key]);
  return trends;
}
