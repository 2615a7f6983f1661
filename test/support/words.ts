/** The words of an issue as the app shows them (worded from its stored facts); fails when there is no issue. */
import type { Explanation } from '../../src/domain/findings';
import type { RecordIssue } from '../../src/domain/reasons';
import { explainIssue } from '../../src/domain/wording/findings';

export function words(issue: RecordIssue | undefined): Explanation {
  if (issue === undefined) throw new Error('expected an issue, found none');
  return explainIssue(issue);
}
