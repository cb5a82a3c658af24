// Which DTAPI-Date form one client sends (darktrace-api.md §1.2). The compact YYYYMMDDTHHMMSS is the
// guide's first form; one published report has a 7.1 appliance refusing it and accepting
// YYYY-MM-DD HH:MM:SS. On API DATE ERROR while the appliance's Date header agrees with our clock the
// other form is tried once, and whichever works is kept for the client's life.
import { DTAPI_DATE_FORMATS, type DtapiDateFormat } from './signing.js';

/**
 * API DATE ERROR while the Date header shows our clocks within this of each other cannot be skew
 * (the appliance allows 30 minutes, §1.2): the form is suspect. 5 minutes of margin.
 */
const FORM_SUSPECT_SKEW_MS = 25 * 60_000;

export class DateFormatChoice {
  #format: DtapiDateFormat = 'compact';
  #probed = false;
  #confirmed = false;

  get current(): DtapiDateFormat {
    return this.#format;
  }

  get state(): { format: DtapiDateFormat; pattern: string; confirmed: boolean } {
    return { format: this.#format, pattern: DTAPI_DATE_FORMATS[this.#format], confirmed: this.#confirmed };
  }

  /** The other form to try, once per client, after API DATE ERROR with the measured skew; else undefined. */
  fallback(skewMs: number | undefined): DtapiDateFormat | undefined {
    if (this.#probed || this.#confirmed || skewMs === undefined || Math.abs(skewMs) >= FORM_SUSPECT_SKEW_MS) return undefined;
    this.#probed = true;
    return this.#format === 'compact' ? 'spaced' : 'compact';
  }

  adopt(format: DtapiDateFormat): void {
    this.#format = format;
  }

  /** An answer other than API DATE ERROR arrived: the form in use works. */
  confirm(): void {
    this.#confirmed = true;
  }
}

export const BOTH_FORMS_REFUSED =
  `Darktrace rejected the request time (API DATE ERROR) in both DTAPI-Date formats (${DTAPI_DATE_FORMATS.compact} and ` +
  `${DTAPI_DATE_FORMATS.spaced}) although its Date header agrees with this host's clock: check that the url parameter ` +
  `points at the appliance itself, and the appliance's own time settings.`;
