import { describe, expect, it } from 'vitest';
import { ja } from './ja.ts';
import { en } from './en.ts';
import { translatePlural } from './plural.ts';

describe('counted messages', () => {
  it('use the singular for one in English', () => {
    expect(translatePlural('en', 'overview.activeAlarms', 1)).toBe('1 active alarm');
    expect(translatePlural('en', 'overview.activeAlarms', 2)).toBe('2 active alarms');
    expect(translatePlural('en', 'overview.activeAlarms', 0)).toBe('0 active alarms');
    expect(translatePlural('en', 'overview.sites', 1)).toBe('1 site');
    expect(translatePlural('en', 'alarms.count', 1234)).toBe('1,234 alarms');
  });
  it('have one form in Japanese', () => {
    expect(translatePlural('ja', 'overview.activeAlarms', 1)).toBe('警報1件');
    expect(translatePlural('ja', 'overview.activeAlarms', 2)).toBe('警報2件');
    expect(translatePlural('ja', 'alarms.more', 3)).toBe('さらに表示（残り3件）');
  });
  it('every counted message has its .other form in both languages', () => {
    for (const messages of [ja, en]) {
      const bases = new Set(
        Object.keys(messages)
          .filter((k) => /\.(zero|one|two|few|many)$/.test(k))
          .map((k) => k.replace(/\.\w+$/, '')),
      );
      for (const b of bases) expect(Object.keys(messages), b).toContain(`${b}.other`);
    }
  });
});
