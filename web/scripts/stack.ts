/**
 * The real stack with the built dashboard, for looking at it by hand:
 *   node --import tsx web/scripts/stack.ts   (from the repository root; Ctrl-C stops it)
 */
import { ensureWebBuilt, startStack } from '../test/e2e/stack.ts';

await ensureWebBuilt();
const now = new Date();
const monthStart = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1) - 9 * 3600_000;
const stack = await startStack({
  backfillFromMs: Number(process.env.BACKFILL_FROM_MS ?? monthStart),
  droppable: ['nasu-cityhall/kerosene-tank'],
  log: (l) => console.log(l),
});
console.log(`\n  dashboard: ${stack.url}/   (operator / demo-operator, viewer / demo-viewer)\n`);
const stop = async () => {
  await stack.stop();
  process.exit(0);
};
process.on('SIGINT', () => void stop());
process.on('SIGTERM', () => void stop());
