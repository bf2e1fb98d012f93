// Finds two adjacent releases between which a scenario's verdict changes, running as few releases
// as it can: the cheap ones first (Debian packages: no build), then the ends, then halving the
// range between the two closest releases that disagree. Pure: `probe` runs a release.

/** What one release says: a class ("passes", "fails", "unsupported", "runs"), or undefined when it cannot tell. */
export type Verdict = string | undefined;

export interface SearchResult {
  /** Indexes into the release list: the last release with the old verdict, the first with the new. */
  last: number;
  first: number;
  /** Every release probed, in the order probed. */
  probed: { index: number; verdict: Verdict }[];
}

export interface NoChange {
  /** Why no pair was found (every release agrees, or none could tell). */
  none: string;
  probed: { index: number; verdict: Verdict }[];
}

/** The first pair of neighbouring known verdicts (in release order) that differ. */
function bracket(known: ReadonlyMap<number, Verdict>): [number, number] | undefined {
  const decided = [...known].filter(([, v]) => v !== undefined).sort(([a], [b]) => a - b);
  for (let i = 1; i < decided.length; i++) if (decided[i - 1]![1] !== decided[i]![1]) return [decided[i - 1]![0], decided[i]![0]];
  return undefined;
}

export async function searchReleases(count: number, cheap: (index: number) => boolean, probe: (index: number) => Promise<Verdict>): Promise<SearchResult | NoChange> {
  const known = new Map<number, Verdict>();
  const probed: SearchResult["probed"] = [];
  const ask = async (i: number): Promise<Verdict> => {
    if (!known.has(i)) {
      const verdict = await probe(i);
      known.set(i, verdict);
      probed.push({ index: i, verdict });
    }
    return known.get(i);
  };
  const all = [...Array(count).keys()];
  for (const i of all.filter(cheap)) await ask(i);
  // No disagreement yet: the newest release that can tell, then the oldest.
  for (const order of [[...all].reverse(), all]) {
    if (bracket(known)) break;
    for (const i of order) if ((await ask(i)) !== undefined) break;
  }
  const pair = bracket(known);
  if (!pair) {
    const seen = [...new Set([...known.values()].filter((v) => v !== undefined))];
    return { none: seen.length === 0 ? "no release could tell (every one was unsupported, did not build or failed to run)" : `every release that could tell says "${seen[0]}"`, probed };
  }
  let [lo, hi] = pair;
  for (;;) {
    const between: number[] = all.filter((i) => i > lo && i < hi && !known.has(i));
    if (between.length === 0) return { last: lo, first: hi, probed };
    const mid: number = between[Math.floor((between.length - 1) / 2)]!;
    const verdict = await ask(mid);
    if (verdict === undefined) continue;
    if (verdict === known.get(lo)) lo = mid;
    else hi = mid;
  }
}
