/**
 * Units of time, defined once (spec sections 1 and 4). Every duration is in seconds — in the AST,
 * the model, the engine and the simulation — and every rate per second; text and JSON that speak
 * of hours, days or years convert with these at the edge. A year is 365.25 days, a month a
 * twelfth of it.
 */
export const SECONDS_PER_MINUTE = 60;
export const SECONDS_PER_HOUR = 3600;
export const SECONDS_PER_DAY = 86_400;
export const SECONDS_PER_WEEK = 604_800;
export const SECONDS_PER_YEAR = 31_557_600;
export const SECONDS_PER_MONTH = SECONDS_PER_YEAR / 12;

/** Seconds per duration unit of the language (spec section 1). */
export const SECONDS_PER_UNIT: Readonly<Record<string, number>> = {
  ms: 0.001, s: 1, m: SECONDS_PER_MINUTE, h: SECONDS_PER_HOUR, d: SECONDS_PER_DAY, w: SECONDS_PER_WEEK, y: SECONDS_PER_YEAR,
};

/**
 * Seconds per unit of a frequency literal (`20/week`, `3/day`, an extension: common causes): the
 * duration units but `ms`, and the words. A month is a twelfth of a year.
 */
export const SECONDS_PER_FREQUENCY_UNIT: Readonly<Record<string, number>> = {
  s: 1, m: SECONDS_PER_MINUTE, h: SECONDS_PER_HOUR, d: SECONDS_PER_DAY, w: SECONDS_PER_WEEK, y: SECONDS_PER_YEAR,
  second: 1, minute: SECONDS_PER_MINUTE, hour: SECONDS_PER_HOUR, day: SECONDS_PER_DAY, week: SECONDS_PER_WEEK,
  month: SECONDS_PER_MONTH, year: SECONDS_PER_YEAR,
};
