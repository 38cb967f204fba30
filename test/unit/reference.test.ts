import { formatReference } from '../../shared/domain/reference.ts';

describe('formatReference', () => {
  it('formats kind, Shanghai day and a zero-padded daily counter', () => {
    expect(formatReference('complaint', '2026-11-27', 7)).toBe('TS-20261127-0007');
  });
  it('widens past 9999 instead of wrapping', () => {
    expect(formatReference('serviceRequest', '2026-01-02', 12345)).toBe('WX-20260102-12345');
  });
  it('refuses a counter below 1', () => {
    expect(() => formatReference('inquiry', '2026-01-02', 0)).toThrow(RangeError);
  });
});
