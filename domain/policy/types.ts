/**
 * The shape of a policy as data (architecture.md §5, in the spirit of Catala and OpenFisca):
 * one entry per clause with its id, the quoted Chinese text of the notice, a short title and
 * its effective dates; plus the tables the clauses set (clusters, 招商重点, key projects).
 *
 * @module
 */
import type { ClauseId, IsoDate, KeyProject } from '../types.ts';
import type { OfficeId, StreetId, ZoneId } from '../units.ts';

/** One clause of a notice: the unit of citation. */
export interface Clause {
  /** The clause id every output cites (`decidedBy`, `clauses`). */
  readonly id: ClauseId;
  /** Where the clause sits in the notice, as people cite it (e.g. `三、（一）`). */
  readonly section: string;
  /** A short Chinese title. */
  readonly title: string;
  /** The notice's own words, copied exactly (a substring of the notice text). */
  readonly text: string;
  /** The first day the clause applies, `YYYY-MM-DD`. */
  readonly effectiveFrom: IsoDate;
  /** The last day it applies; null while in force. */
  readonly effectiveTo: IsoDate | null;
}

/** A 板块 (cluster) of an office: a record is inside when its street OR its zone is listed. */
export interface Cluster {
  readonly office: OfficeId;
  readonly streets: readonly StreetId[];
  readonly zones: readonly ZoneId[];
  /** The sentence of the notice that draws it; null when the notice gives the office none. */
  readonly text: string | null;
}

/** The 招商重点 (clause 4) of an office: the 产业类别 values it should recruit. */
export interface Focus {
  readonly office: OfficeId;
  readonly categories: readonly string[];
  /** The sentence of the notice that lists them. */
  readonly text: string;
}

/** A 重大项目 of clause 3.1 (京东方, 康宁): served and carried by one office, at any stage. */
export interface KeyProjectInfo {
  readonly id: KeyProject;
  /** The Chinese name a register cell holds. */
  readonly name: string;
  readonly office: OfficeId;
}

/** A place moved 整体 (wholly) to one street, at every stage (3.1.sme-city, 3.1.changqing). */
export interface WholeMove {
  readonly clause: ClauseId;
  /** The street that serves and carries the records. */
  readonly to: StreetId;
  /** Records in this zone… */
  readonly zone: ZoneId | null;
  /** …or located in this street and recruited (or formerly served) by one of these streets. */
  readonly street: StreetId | null;
  readonly recruiters: readonly StreetId[];
}

/** A policy version: a notice as data, in force from `effectiveFrom`. */
export interface Policy {
  /** E.g. `2020-1`: the id the `lkg assess --json` document names. */
  readonly id: string;
  /** 文号, e.g. 武临开办〔2020〕1号. */
  readonly docNumber: string;
  /** The notice's title. */
  readonly title: string;
  /** The first day the policy applies, `YYYY-MM-DD`; it is in force for M when ≤ the last day of M. */
  readonly effectiveFrom: IsoDate;
  readonly clauses: Readonly<Record<ClauseId, Clause>>;
  readonly clusters: Readonly<Record<OfficeId, Cluster>>;
  readonly focus: Readonly<Record<OfficeId, Focus>>;
  readonly keyProjects: readonly KeyProjectInfo[];
  /** Rules 2 and 3 (整体划转), in order. */
  readonly wholeMoves: readonly WholeMove[];
}
