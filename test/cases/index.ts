/**
 * Every policy case table, by file: one per clause (its rule and its readings), the stage
 * boundaries, and the worked examples of docs/policy.md.
 *
 * @module
 */

import { cases as safety } from './clause-2.safety.ts';
import { cases as street } from './clause-2.street.ts';
import { cases as changqing } from './clause-3.1.changqing.ts';
import { cases as key } from './clause-3.1.key.ts';
import { cases as retained } from './clause-3.1.retained.ts';
import { cases as smeCity } from './clause-3.1.sme-city.ts';
import { cases as transferred } from './clause-3.1.transferred.ts';
import { cases as inCluster } from './clause-3.2.in-cluster.ts';
import { cases as preHandover } from './clause-3.2.pre-handover.ts';
import { cases as movement } from './clause-3.3.ts';
import { cases as statStreet } from './clause-3.4.ts';
import { cases as focus } from './clause-4.ts';
import type { PolicyCase } from './record.ts';
import { cases as inactive } from './rule-0-inactive.ts';
import { cases as stage } from './stage-in-month.ts';
import { cases as worked } from './worked-examples.ts';

export const CASE_FILES: Record<string, PolicyCase[]> = {
  'rule 0 (inactive)': inactive,
  'stage in a month': stage,
  '3.1.key': key,
  '3.1.sme-city': smeCity,
  '3.1.changqing': changqing,
  '3.1.retained': retained,
  '3.1.transferred': transferred,
  '3.2.in-cluster': inCluster,
  '3.2.pre-handover': preHandover,
  '3.3': movement,
  '2.street': street,
  '2.safety': safety,
  '3.4': statStreet,
  '4': focus,
  'worked examples': worked,
};
