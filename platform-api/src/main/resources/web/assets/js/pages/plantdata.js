// Shared look-ups for the plant manager's pages: the plant around a line or machine, the plant's local midnight.
import { api, ApiError } from '../core.js';

/** Every plant the user may see, with its enterprise: [{id, name, code, timeZone, enterprise}]. */
export async function visiblePlants() {
  const enterprises = await api.get('/enterprises');
  const lists = await Promise.all(enterprises.map((e) => api.get('/enterprises/' + e.id + '/plants')
    .then((plants) => plants.map((p) => Object.assign({}, p, { enterprise: e })))));
  return lists.flat();
}

/** The plant with this id, or throws a 404-like error that the router shows as "no access". */
export async function plantById(plantId) {
  const plant = (await visiblePlants()).find((p) => p.id === plantId);
  if (!plant) throw new ApiError(404, 'not_found', 'no such plant');
  return plant;
}

/** The instant of the last local midnight in timeZone (for "today"). */
export function localMidnight(timeZone, now = new Date()) {
  const parts = Object.fromEntries(new Intl.DateTimeFormat('en-US', {
    timeZone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit',
  }).formatToParts(now).map((p) => [p.type, p.value]));
  const asUtc = Date.UTC(+parts.year, +parts.month - 1, +parts.day, +parts.hour, +parts.minute, +parts.second);
  const offset = asUtc - Math.floor(now.getTime() / 1000) * 1000;
  return new Date(Date.UTC(+parts.year, +parts.month - 1, +parts.day) - offset);
}

/** The bucket of an OEE report that contains now (the current shift), or null. */
export function currentBucket(report, now = new Date()) {
  // the report ends at now, so the current shift's bucket ends (about) now too
  return (report.buckets || []).find((b) => new Date(b.from) <= now && now - new Date(b.to) < 120e3) || null;
}

/** A wall-clock time in timeZone ('2026-12-01T08:00' from a datetime-local input) as an ISO instant. */
export function zonedToIso(local, timeZone) {
  const [date, time] = local.split('T');
  const [y, m, d] = date.split('-').map(Number);
  const [hh, mm] = (time || '00:00').split(':').map(Number);
  const guess = new Date(Date.UTC(y, m - 1, d, hh, mm));
  // the zone's offset at that moment, from how the zone shows the guess
  const parts = Object.fromEntries(new Intl.DateTimeFormat('en-US', {
    timeZone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit',
  }).formatToParts(guess).map((p) => [p.type, p.value]));
  const shown = Date.UTC(+parts.year, +parts.month - 1, +parts.day, +parts.hour, +parts.minute);
  return new Date(guess.getTime() - (shown - guess.getTime())).toISOString();
}

/** The plant a settings page is about: ?plant=id, or the user's first plant. */
export async function settingsPlant(query) {
  const plants = await visiblePlants();
  if (query.plant) return plantById(query.plant);
  if (plants.length === 0) throw new ApiError(404, 'not_found', 'no plant');
  return plants[0];
}
