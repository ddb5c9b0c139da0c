import { SetMetadata } from '@nestjs/common';

export const IS_PUBLIC = 'xtrace:public';
export const OPEN_COMPAT = 'xtrace:open-compat';

/** Route needs no credentials. */
export const Public = () => SetMetadata(IS_PUBLIC, true);

/**
 * Route the open-compat switch may open (API.md §1.2): with
 * XTRACE_ALLOW_UNAUTHENTICATED_COMPAT and no key pair configured, it also accepts
 * no Authorization header or any Basic header.
 */
export const OpenCompat = () => SetMetadata(OPEN_COMPAT, true);
