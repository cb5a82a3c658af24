// The reference's HMAC test vectors (test_data/signing/vectors.json), each checked by two
// independent implementations; the client's and the simulator's tests both run every one.
import { readFileSync } from 'node:fs';

export interface SigningVector {
  name: string;
  method: 'GET' | 'POST';
  path_and_query: string;
  body: string | null;
  content_type: string | null;
  public_token: string;
  private_token: string;
  date: string;
  expected_signature: string;
  wire_request_target: string;
}

export const signingVectors: readonly SigningVector[] = (
  JSON.parse(readFileSync(new URL('../../test_data/signing/vectors.json', import.meta.url), 'utf8')) as { vectors: SigningVector[] }
).vectors;
