import type { Detector } from '../detector';
import { dormantReactivated, newIdentity } from './dormant';
import { failureBurst } from './failure-burst';
import { firstSeenDetectors } from './first-seen';
import { humanLike, offensiveTool } from './human-like';
import { createdCredentialUsed, crossAccountChain, newFederatedSubject, sessionNewNetwork } from './lineage';
import { multiNetwork } from './multi-network';
import { offHours } from './off-hours';
import { sensitiveOperation } from './sensitive';
import { volumeSpike } from './volume-spike';

/** Every built-in detector over events, in the order they run (log gaps are added by run-analysis.ts). */
export const DETECTORS: Detector[] = [
  ...firstSeenDetectors,
  offHours,
  volumeSpike,
  failureBurst,
  sensitiveOperation,
  humanLike,
  offensiveTool,
  multiNetwork,
  dormantReactivated,
  newIdentity,
  newFederatedSubject,
  sessionNewNetwork,
  crossAccountChain,
  // last: it weighs creators by the signals of the others
  createdCredentialUsed,
];
