import { lit } from '../db/sql';

/**
 * Log gaps, all in SQL. A stream is one source / account / region; its hours run from its first to its last event
 * (UTC, as whole hours since the epoch: no time-zone work per event). A silent run of hours is a gap when the stream's own history says it should not be silent:
 *  - continuous: the stream has events in p >= 50% of its hours, and the run is at least k hours long, k the
 *    smallest length that a stream silent (1 - p) of the time would show by chance with < 1% probability over its
 *    whole span;
 *  - weekly: at least 2 hours of the run fall on hours of the week (e.g. Tuesday 10:00) on which the stream had
 *    events in every other week seen, and at least 3 of them.
 * Streams need 48 hours of span and 24 active hours to have a pattern at all.
 */
export const GAPS_SQL = lit(`
WITH hourly AS (
  SELECT source, account_uid, region, epoch_us(time) // 3600000000 AS hour
  FROM events WHERE time IS NOT NULL GROUP BY ALL
), streams AS (
  SELECT source, account_uid, region, min(hour) AS first, max(hour) AS last, count(*) AS active,
    max(hour) - min(hour) + 1 AS span
  FROM hourly GROUP BY ALL
  HAVING max(hour) - min(hour) + 1 >= 48 AND count(*) >= 24
), grid AS (
  SELECT source, account_uid, region, active, span, unnest(range(first, last + 1)) AS hour
  FROM streams
), filled AS (
  -- hour of the week, Monday 00:00 UTC = 0 (hour 0 of the epoch was a Thursday)
  SELECT g.*, h.hour IS NOT NULL AS busy, (g.hour + 72) % 168 AS how
  FROM grid g LEFT JOIN hourly h
    ON h.source = g.source AND h.account_uid IS NOT DISTINCT FROM g.account_uid
    AND h.region IS NOT DISTINCT FROM g.region AND h.hour = g.hour
), slots AS (
  SELECT *, count(*) OVER w AS weeks, count(*) FILTER (WHERE busy) OVER w AS busy_weeks
  FROM filled WINDOW w AS (PARTITION BY source, account_uid, region, how)
), silent AS (
  SELECT *, busy_weeks >= 3 AND busy_weeks = weeks - 1 AS weekly_expected,
    hour - row_number() OVER (PARTITION BY source, account_uid, region ORDER BY hour) AS run
  FROM slots WHERE NOT busy
), runs AS (
  SELECT source, account_uid, region, any_value(active) AS active, any_value(span) AS span,
    min(hour) AS start, max(hour) + 1 AS "end", count(*) AS hours,
    count(*) FILTER (WHERE weekly_expected) AS expected_hours,
    min(hour) FILTER (WHERE weekly_expected) AS expected_start,
    max(hour) FILTER (WHERE weekly_expected) + 1 AS expected_end,
    min(busy_weeks) FILTER (WHERE weekly_expected) AS busy_weeks
  FROM silent GROUP BY source, account_uid, region, run
), judged AS (
  SELECT *, active / span AS p,
    CASE WHEN active / span >= 0.5
      THEN greatest(1, ceil(ln(0.01 / span) / ln(greatest(1 - active / span, 1e-9))))::INTEGER END AS k
  FROM runs
)
SELECT source, account_uid, region,
  -- a weekly gap is the stretch of usually-busy hours inside the silence (e.g. one missing working day)
  strftime(make_timestamp(3600000000 * CASE WHEN continuous THEN start ELSE expected_start END), '%Y-%m-%dT%H:%M:%SZ') AS start,
  strftime(make_timestamp(3600000000 * CASE WHEN continuous THEN "end" ELSE expected_end END), '%Y-%m-%dT%H:%M:%SZ') AS "end",
  CASE WHEN continuous THEN hours ELSE expected_end - expected_start END AS hours,
  CASE WHEN continuous THEN 'continuous' ELSE 'weekly' END AS rule,
  CASE WHEN continuous
    THEN 'events in ' || round(100 * p)::INTEGER || '% of its ' || span || ' hours; ' || k
      || '+ silent hours in a row would happen by chance with < 1% probability'
    ELSE expected_hours || ' silent hours fall on hours of the week with events in every other week seen ('
      || busy_weeks || '+ weeks)'
  END AS reason
FROM (SELECT *, coalesce(hours >= k, false) AS continuous FROM judged)
WHERE continuous OR expected_hours >= 2
ORDER BY hours DESC, start, source, account_uid, region`);

/** Streams with enough history to have a pattern (the same thresholds as above). */
export const STREAMS_SQL = lit(`
SELECT count(*) FROM (
  SELECT 1 FROM events WHERE time IS NOT NULL GROUP BY source, account_uid, region
  HAVING (epoch_us(max(time)) - epoch_us(min(time))) // 3600000000 + 1 >= 48
    AND count(DISTINCT epoch_us(time) // 3600000000) >= 24)`);
