import { ADMIN_REQUEST_HEADER } from '../../../local/runtime/index.ts';
import type { SoakApp } from '../soak-app.ts';

/**
 * Fires the expiry schedule now (the runtime's `eventful fire`), once the payment window of the first orders has
 * passed, so that unpaid orders expire and release their stock while payments may still race them. Answers whether
 * it fired: with a window longer than the run (the app's default 30 minutes) nothing could expire.
 */
export async function expireUnpaidOrders(app: SoakApp, firstOrderAt: number): Promise<{ fired: boolean; reason: string }> {
  const windowMs = app.settings.paymentWindowMinutes * 60_000;
  const elapsed = Date.now() - firstOrderAt;
  if (elapsed < windowMs) return { fired: false, reason: `the payment window (${app.settings.paymentWindowMinutes} min) had not passed for any order` };
  const url = `${app.runtime.endpointUrl}/_eventful/schedules/${encodeURIComponent(app.names.expirySchedule)}/fire`;
  const answer = await fetch(url, { method: 'POST', headers: { [ADMIN_REQUEST_HEADER]: '1' } });
  return { fired: answer.ok, reason: `fire answered ${answer.status}` };
}
