/**
 * The payload check both front doors run before the router: the envelope
 * shape here (is there an object where one is needed, is saveFile's text a
 * string of a sane size), then the contract's runtime validators for the
 * request bodies themselves.
 */
import type { ApiMethod } from '../../shared/api/contract';
import { MAX_SAVE_BYTES } from './downloads';

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function envelopeProblem(method: ApiMethod, params: unknown): string | null {
  if (method === 'listTargets') return params === undefined || params === null || isObject(params) ? null : 'listTargets takes no parameters.';
  if (!isObject(params)) return `The ${method} request needs an object of parameters.`;
  if (method === 'saveFile') {
    if (typeof params.suggestedName !== 'string' || params.suggestedName.length > 255) {
      return 'saveFile needs a suggestedName of at most 255 characters.';
    }
    if (typeof params.text !== 'string') return 'saveFile needs the text to save.';
    if (params.text.length > MAX_SAVE_BYTES) return `The file to save is larger than ${MAX_SAVE_BYTES} bytes.`;
  }
  return null;
}

export function checkRequestPayload(method: ApiMethod, params: unknown): string | null {
  return envelopeProblem(method, params);
}
