/**
 * A mobile number as people write it (national format for the default country, see phone-format.ts),
 * with the stored E.164 value on hover and on copy: copying exactly the shown number puts the E.164
 * value on the clipboard, which pastes correctly into any phone, CRM or spreadsheet.
 */
import type { JSX } from 'solid-js';
import { formatMobile } from '../phone-format';

export function MobileNumber(props: { readonly e164: string; readonly country: string }): JSX.Element {
  const shown = () => formatMobile(props.e164, props.country);
  const onCopy = (event: ClipboardEvent) => {
    if (event.clipboardData === null || window.getSelection()?.toString().trim() !== shown()) return;
    event.clipboardData.setData('text/plain', props.e164);
    event.preventDefault();
  };
  return (
    <span class="mobile" title={props.e164} onCopy={onCopy}>
      {shown()}
    </span>
  );
}
