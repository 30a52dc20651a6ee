import type { ActivityContext, Driver } from '../cloudtrail-activity';
import { benignNovelty } from './benign-novelty';
import { attackDrivers, dormantUser, type ScenarioTruth } from './scenarios';

export type { ScenarioTruth } from './scenarios';

/**
 * The generator's `inject` option for attack mode: benign novelty plus the attack scenarios. Their own
 * random stream (a fork) leaves the benign cast's draws as they are. `truths` fills in as the archive is written.
 */
export function attackInjection(): { inject: (x: ActivityContext) => Driver[]; truths: ScenarioTruth[] } {
  const truths: ScenarioTruth[] = [];
  return {
    truths,
    inject: (x) => {
      if (x.days < 15) throw new Error(`attack scenarios need at least 15 days (two of learning), got ${x.days}`);
      const rng = x.rng.fork('attacks');
      const legacy = dormantUser(rng);
      return [benignNovelty(x, rng.fork('benign'), legacy), attackDrivers(x, rng.fork('scenarios'), legacy, truths)];
    },
  };
}
