import type { Response } from 'express';
import type { z } from 'zod';
import { type ErrorCode, errorBody } from '../../shared/index.ts';
import { HTTP_STATUS } from './status.ts';

/** A REST refusal: the code's one status (`status.ts`) and the error shape of docs/PROTOCOL.md §2.1. */
export function fail(res: Response, code: ErrorCode, message?: string, path?: string): void {
  res.status(HTTP_STATUS[code]).json({ error: errorBody(code, message, path) });
}

/** The first problem of a body, as `bad_request` with its path (what a form shows next to the field). */
export function badBody(res: Response, error: z.ZodError): void {
  const issue = error.issues[0];
  fail(res, 'bad_request', issue?.message, issue?.path.join('.') || undefined);
}
