/**
 * Matching incoming people against the local contacts (R3, R4, R5). Works on one batch's workset;
 * the session persists what it changed.
 *
 * Order of lookups for each incoming source (R4):
 *   a. the record already linked to this XPM source (synced, or manual left by a disconnect) —
 *      never a detached ("forced manual") record;
 *   b. else a record with the same normalised (name, email): a manual record without links is
 *      linked (it becomes synced and takes XPM's values); a synced record gains this source (R3);
 *   c. else a new synced record.
 */
import type { ContactCandidate } from '../evaluate/evaluation';
import type { ContactLink, ContactRecord } from '../../domain/records';
import type { RecordIssue } from '../../domain/reasons';
import { deriveContactValues, distinctSourceKeys, mobilesDiffer, winningLink } from './contact-values';
import type { ContactWorkset } from './contact-workset';
import { duplicateMergedIssue } from '../evaluate/issues';
import { normaliseIdentity } from '../validate';
import { asLocalContactId, clientSourceKey, type LocalContactId, type XpmClientId } from '../../domain/ids';
import { deepEqual } from '../../domain/deep-equal';
import { rejectionsOfLinks, sameRejections, withRejections } from '../session/contact-rejections';

export interface ContactReconcileContext {
  readonly now: number;
  newId(): string;
  /** Receives the duplicate-merged warnings this batch raises. */
  report(issue: RecordIssue): void;
}

/** Applies one incoming person (R1 candidate) to the workset. */
export function applyContactCandidate(
  ws: ContactWorkset,
  candidate: ContactCandidate,
  ctx: ContactReconcileContext,
): void {
  const { link } = candidate;
  const linked = ws.findBySource(link.sourceKey) ?? relinkAlternate(ws, candidate, ctx.now);
  if (linked) {
    if (linked.identityKey === candidate.identityKey) {
      ws.put(withLinks(linked, mergeLink(linked.links, link), ctx.now));
      return;
    }
    // XPM changed this person's name or email.
    const remaining = linked.links.filter((l) => l.sourceKey !== link.sourceKey);
    if (remaining.length > 0) {
      // The record also stands for other XPM sources that still carry the old identity: this source
      // leaves it and is matched afresh below (it may join another record or start its own).
      ws.put(withLinks(linked, remaining, ctx.now));
    } else {
      const other = ws.findByIdentity(candidate.identityKey, linked.id);
      if (!other) {
        // Its only source changed identity: update in place, keeping the record and its history (R7).
        ws.put(withLinks(linked, mergeLink(linked.links, link), ctx.now));
        return;
      }
      if (ws.createdInThisBatch(other.id) || other.createdAt > linked.createdAt) {
        // The same person changed under every source (e.g. a new email under each client): the other
        // record is newer — typically split off from this one moments ago — so this older record,
        // with its history, takes its sources and the change is recorded here (R3, R7).
        const links = mergeLink(other.links, link);
        if (ws.createdInThisBatch(other.id)) ws.discardCreated(other.id);
        else ws.put(mergedAway(other, linked.id, ctx.now));
        ws.put(withLinks(linked, links, ctx.now));
        return;
      }
      // The new identity already belongs to an older record: the source moves there (R3), and this
      // record, left without sources, stays as a stale leftover the user can remove.
      ws.put(mergedAway(linked, other.id, ctx.now));
    }
  }
  const target = ws.findByIdentity(candidate.identityKey);
  if (target) {
    attach(ws, target, link, ctx);
    return;
  }
  ws.put(created(candidate, ctx));
}

/**
 * A record linked to this source under its other identity form (XPM sent the integer id before and
 * now also the UUID, or the reverse): its links are moved to the source's current key, so the record
 * carries on instead of being duplicated.
 */
function relinkAlternate(ws: ContactWorkset, candidate: ContactCandidate, now: number): ContactRecord | undefined {
  for (const alt of candidate.altSourceKeys) {
    const record = ws.findBySource(alt);
    if (!record || record.forcedManual) continue;
    const links = record.links.map((l) =>
      l.sourceKey === alt ? { ...l, sourceKey: candidate.link.sourceKey, contactId: candidate.link.contactId } : l,
    );
    const relinked = withLinks(record, links, now);
    ws.put(relinked);
    return relinked;
  }
  return undefined;
}

/**
 * R5: the client now has a valid contact, so a record made from the client's own details stops
 * being updated. If that record also stands for real contacts, only the client link is dropped.
 */
export function supersedeClientFallback(ws: ContactWorkset, clientId: XpmClientId, now: number): void {
  const key = clientSourceKey(clientId);
  const record = ws.findBySource(key);
  if (!record) return;
  const others = record.links.filter((l) => l.sourceKey !== key);
  if (others.length > 0) {
    ws.put(withLinks(record, others, now));
  } else if (record.stale !== 'superseded') {
    ws.put({ ...record, stale: 'superseded', updatedAt: now });
  }
}

function attach(ws: ContactWorkset, target: ContactRecord, link: ContactLink, ctx: ContactReconcileContext): void {
  const isNewSource = !target.links.some((l) => l.sourceKey === link.sourceKey);
  // A contact joining the record made from its own client's details is not a duplicate: R5 drops
  // the client link right after (the contact supersedes the fallback).
  const ownFallback = clientSourceKey(link.clientId);
  const hadOtherSource = target.links.some((l) => l.sourceKey !== link.sourceKey && l.sourceKey !== ownFallback);
  const next = withLinks(target, mergeLink(target.links, link), ctx.now);
  ws.put(next);
  if (isNewSource && hadOtherSource) {
    const winner = winningLink(next.links);
    ctx.report(
      duplicateMergedIssue({
        incoming: link,
        sources: distinctSourceKeys(next.links).length,
        clientNames: [...new Set(next.links.map((l) => l.clientName))],
        keptMobile: next.mobile,
        mobilesDiffered: mobilesDiffer(next.links),
        keptFromPrimary: winner?.isPrimary ?? false,
      }),
    );
  }
}

/**
 * Updates the values of every link of the incoming source (one XPM contact may be linked to several
 * clients and has the same details under each), and adds the (source, client) link if it is new.
 */
function mergeLink(links: readonly ContactLink[], incoming: ContactLink): ContactLink[] {
  let found = false;
  const out = links.map((l) => {
    if (l.sourceKey !== incoming.sourceKey) return l;
    if (l.clientId === incoming.clientId) {
      found = true;
      return incoming;
    }
    return { ...l, name: incoming.name, email: incoming.email, mobile: incoming.mobile, warnings: incoming.warnings };
  });
  if (!found) out.push(incoming);
  return out;
}

function created(candidate: ContactCandidate, ctx: ContactReconcileContext): ContactRecord {
  const values = deriveContactValues([candidate.link]);
  if (!values) throw new Error('a candidate always yields contact values');
  return {
    id: asLocalContactId(ctx.newId()),
    identityKey: candidate.identityKey,
    name: values.name,
    email: values.email,
    mobile: values.mobile,
    state: 'synced',
    origin: values.origin,
    forcedManual: false,
    links: [candidate.link],
    sourceKeys: [candidate.link.sourceKey],
    stale: null,
    mergedInto: null,
    missingInXpm: false,
    warnings: values.warnings,
    emailChangedAt: null,
    createdAt: ctx.now,
    updatedAt: ctx.now,
  };
}

/**
 * The record fed by these links: synced, not stale, not missing, values derived from the links.
 * Returns the same object when nothing the user can see changed, so unchanged records are not written.
 */
export function withLinks(record: ContactRecord, links: readonly ContactLink[], now: number): ContactRecord {
  const values = deriveContactValues(links);
  if (!values) return mergedAway(record, record.mergedInto, now);
  const emailChanged = values.email.toLowerCase() !== record.email.toLowerCase() && record.links.length > 0;
  const next: ContactRecord = {
    ...record,
    identityKey: normaliseIdentity(values.name, values.email),
    name: values.name,
    email: values.email,
    mobile: values.mobile,
    state: 'synced',
    origin: values.origin,
    links,
    sourceKeys: distinctSourceKeys(links),
    stale: null,
    mergedInto: null,
    missingInXpm: false,
    warnings: values.warnings,
    emailChangedAt: emailChanged ? now : record.emailChangedAt,
  };
  // XPM rejections go with the links they are about; a record sync takes back from manual starts without
  // any (the run that links it stamps the current ones, contact-rejections.ts).
  const stamped = withRejections(next, record.state === 'synced' ? rejectionsOfLinks(record.rejectedInXpm, links) : []);
  return sameContact(record, stamped) ? record : { ...stamped, updatedAt: now };
}

function mergedAway(record: ContactRecord, intoId: LocalContactId | null, now: number): ContactRecord {
  return { ...record, links: [], sourceKeys: [], stale: 'merged', mergedInto: intoId, updatedAt: now };
}

/** Equality of everything a sync can change (timestamps excluded). */
export function sameContact(a: ContactRecord, b: ContactRecord): boolean {
  return (
    a.identityKey === b.identityKey &&
    a.name === b.name &&
    a.email === b.email &&
    a.mobile === b.mobile &&
    a.state === b.state &&
    a.origin === b.origin &&
    a.stale === b.stale &&
    a.mergedInto === b.mergedInto &&
    a.missingInXpm === b.missingInXpm &&
    a.emailChangedAt === b.emailChangedAt &&
    a.warnings.join() === b.warnings.join() &&
    sameRejections(a.rejectedInXpm, b.rejectedInXpm) &&
    deepEqual(a.links, b.links)
  );
}
