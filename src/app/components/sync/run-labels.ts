/** Words for run kinds, triggers, phases and outcomes (shared by the Sync and Monitoring pages). */
import type { RunKind, RunPhase, RunStatus, RunTrigger } from '../../../domain/runs';
import type { EntityKind } from '../../../domain/reasons';

export const RUN_KIND_LABEL: Readonly<Record<RunKind, string>> = { incremental: 'Resync Now', full: 'Resync All' };

export const RUN_TRIGGER_LABEL: Readonly<Record<RunTrigger, string>> = {
  first: 'First sync',
  manual: 'Manual',
  scheduled: 'Hourly',
};

export const RUN_PHASE_LABEL: Readonly<Record<RunPhase, string>> = {
  connecting: 'Connecting to Xero',
  downloading: 'Downloading from XPM',
  parsing: 'Reading XPM’s answer',
  validating: 'Checking records',
  saving: 'Saving',
  finishing: 'Finishing',
  done: 'Done',
};

export const RUN_STATUS_LABEL: Readonly<Record<RunStatus, string>> = {
  running: 'Running',
  succeeded: 'Succeeded',
  failed: 'Failed',
  cancelled: 'Cancelled',
  paused: 'Paused (rate limited)',
  abandoned: 'Interrupted',
};

export const ENTITY_LABEL: Readonly<Record<EntityKind, string>> = {
  contact: 'Contacts',
  client: 'Clients',
  staff: 'Staff',
};

export const ENTITY_KINDS: readonly EntityKind[] = ['contact', 'client', 'staff'];
