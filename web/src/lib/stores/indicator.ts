/**
 * The header's connection indicator: the socket and server state (live store), the freshness of every asset the
 * dashboard holds (site views: the live stream's, or the REST answers' until the snapshot), at the server's time.
 */
import { derived } from 'svelte/store';
import { freshness, indicator, type Indicator } from '../utils/connection.ts';
import { connection, live, serverNow } from './live.ts';
import { siteViews } from './view.ts';

export const connectionIndicator = derived(
  [connection, live, siteViews, serverNow],
  ([socket, l, views, sNow]): Indicator & { lastUpdate: number | null } => ({
    ...indicator({
      socket,
      snapshot: l.lastUpdate !== null,
      freshness: freshness(
        views.flatMap((v) => Object.values(v.assets)),
        sNow,
      ),
    }),
    lastUpdate: l.lastUpdate,
  }),
);
