import { queueOrder, urgencyOf } from '../../web/console/src/queue/urgency.ts';

const now = new Date('2026-11-27T02:00:00Z');
const inHours = (hours: number) => new Date(now.getTime() + hours * 3600_000).toISOString();
const task = (id: string, dueInHours: number, overdue = false) => ({
  id,
  dueAt: inHours(dueInHours),
  overdue,
});

describe('the urgency of a task', () => {
  it('is overdue once the due time has passed, or when the API says so', () => {
    expect(urgencyOf(task('a', -0.01), now)).toBe('overdue');
    expect(urgencyOf(task('a', 0), now)).toBe('overdue');
    expect(urgencyOf(task('a', 5, true), now)).toBe('overdue');
  });

  it('is at risk with less than 4 hours left', () => {
    expect(urgencyOf(task('a', 3.99), now)).toBe('atRisk');
    expect(urgencyOf(task('a', 4), now)).toBe('onTime');
  });

  it("is at risk when the complaint's reply is due within a day, whatever the task's own due time", () => {
    expect(urgencyOf({ ...task('a', 30), replyDueAt: inHours(20) }, now)).toBe('atRisk');
    expect(urgencyOf({ ...task('a', 30), replyDueAt: inHours(48) }, now)).toBe('onTime');
  });
});

describe('the queue order', () => {
  it('puts overdue tasks first, then the earliest due', () => {
    const ordered = queueOrder(
      [task('later', 30), task('soon', 2), task('late', -1), task('flagged', 50, true)],
      now,
    );

    expect(ordered.map((t) => t.id)).toEqual(['late', 'flagged', 'soon', 'later']);
  });

  it('keeps the order the API gave for tasks due at the same time', () => {
    expect(queueOrder([task('first', 5), task('second', 5)], now).map((t) => t.id)).toEqual([
      'first',
      'second',
    ]);
  });
});
