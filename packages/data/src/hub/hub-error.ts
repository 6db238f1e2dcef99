import { DataError } from '../data-error.js';

/** A Hub request that failed; the message says what was asked, the HTTP status and what to do. */
export class HubError extends DataError {}

export function httpError(what: string, url: string, status: number, tokenGiven: boolean, detail = ''): HubError {
  const extra = detail ? ` (${detail})` : '';
  switch (status) {
    case 401:
    case 403:
      return new HubError(
        `${what}: HTTP ${status} from ${url}${extra}: ` +
          (tokenGiven
            ? 'the token in HF_TOKEN was refused or lacks access to this repo (gated or private?)'
            : 'the repo needs authentication; set HF_TOKEN to a Hugging Face access token'),
      );
    case 404:
      return new HubError(`${what}: HTTP 404 from ${url}${extra}: no such repo, revision or file`);
    default:
      return new HubError(`${what}: HTTP ${status} from ${url}${extra}`);
  }
}
