import type { Response } from 'express';

/**
 * Google's JSON error envelope, as the v1 REST APIs return it: `{error: {code, message, errors: [{domain,
 * reason, message}], status}}`. gaxios surfaces it as `GaxiosError.response.data`, and the connector's error
 * table reads `code` plus `errors[0].reason`, so both must be faithful.
 */
export class GoogleApiError extends Error {
  constructor(
    readonly httpStatus: number,
    readonly reason: string,
    message: string,
    readonly status: string,
    readonly domain = 'global',
  ) {
    super(message);
  }
}

export function sendGoogleError(res: Response, err: GoogleApiError): void {
  res.status(err.httpStatus).json({
    error: {
      code: err.httpStatus,
      message: err.message,
      errors: [{ message: err.message, domain: err.domain, reason: err.reason }],
      status: err.status,
    },
  });
}

export const errors = {
  unauthenticated: () =>
    new GoogleApiError(401, 'authError', 'Request had invalid authentication credentials. Expected OAuth 2 access token.', 'UNAUTHENTICATED'),
  insufficientScopes: () =>
    new GoogleApiError(403, 'insufficientPermissions', 'Request had insufficient authentication scopes.', 'PERMISSION_DENIED'),
  delegationDenied: (user: string) => new GoogleApiError(403, 'forbidden', `Delegation denied for ${user}`, 'PERMISSION_DENIED'),
  notAuthorized: () => new GoogleApiError(403, 'forbidden', 'Not Authorized to access this resource/api', 'PERMISSION_DENIED'),
  notFound: (what = 'Requested entity was not found.') => new GoogleApiError(404, 'notFound', what, 'NOT_FOUND'),
  invalidArgument: (message: string) => new GoogleApiError(400, 'invalidArgument', message, 'INVALID_ARGUMENT'),
  failedPrecondition: (message: string) => new GoogleApiError(400, 'failedPrecondition', message, 'FAILED_PRECONDITION'),
  conflict: (message: string) => new GoogleApiError(409, 'duplicate', message, 'ALREADY_EXISTS'),
  rateLimit429: (retryAt: Date) =>
    new GoogleApiError(429, 'rateLimitExceeded', `User-rate limit exceeded.  Retry after ${retryAt.toISOString()}`, 'RESOURCE_EXHAUSTED'),
  userRateLimit403: () =>
    new GoogleApiError(403, 'userRateLimitExceeded', 'User Rate Limit Exceeded', 'PERMISSION_DENIED', 'usageLimits'),
  mailServiceNotEnabled: () => new GoogleApiError(400, 'failedPrecondition', 'Mail service not enabled', 'FAILED_PRECONDITION'),
  backendError: () => new GoogleApiError(500, 'backendError', 'Backend Error', 'INTERNAL'),
  unavailable: () => new GoogleApiError(503, 'backendError', 'The service is currently unavailable.', 'UNAVAILABLE'),
};
