import { describe, expect, it } from 'vitest';
import { href, parseHash, withQuery } from './router.ts';

describe('router', () => {
  it('parses routes with params and query', () => {
    expect(parseHash('').name).toBe('overview');
    expect(parseHash('#/').name).toBe('overview');
    const site = parseHash('#/sites/minato-dhc');
    expect(site).toMatchObject({ name: 'site', params: { site: 'minato-dhc' } });
    const a = parseHash('#/sites/minato-dhc/assets/hp-1?range=week');
    expect(a).toMatchObject({ name: 'asset', params: { site: 'minato-dhc', asset: 'hp-1' } });
    expect(a.query.get('range')).toBe('week');
    expect(parseHash('#/reports?site=a&month=2026-10').query.get('month')).toBe('2026-10');
    expect(parseHash('#/wall?rotate=30').name).toBe('wall');
    expect(parseHash('#/wall?rotate=30').query.get('rotate')).toBe('30');
    expect(parseHash('#/nope').name).toBe('notFound');
  });
  it('builds hrefs', () => {
    expect(href('sites', 'minato-dhc')).toBe('#/sites/minato-dhc');
    expect(withQuery('/reports', { site: 'a', month: '' })).toBe('/reports?site=a');
  });
});
