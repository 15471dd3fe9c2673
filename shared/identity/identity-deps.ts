import type { CustomerGroupRepository } from '../customers/customer-group-repository';
import type { Identity } from '../domain/identity';
import type { Logger } from '../observability/logger';
import type { DuplicateRepository } from './duplicate-repository';

/** What merging, unmerging and the review queue need. */
export interface IdentityDeps {
  groups: Pick<CustomerGroupRepository, 'get' | 'merge' | 'unmerge' | 'keepApart'>;
  duplicates: Pick<DuplicateRepository, 'propose' | 'get' | 'remove' | 'listNewestFirst'>;
  now: () => Date;
  log: Logger;
}

/** What deciding a link needs besides: the shared-identity policy. */
export interface LinkDeps extends IdentityDeps {
  /** True for identities several people use (role addresses, the operator's `SHARED_IDENTITIES`). */
  isShared: (identity: Identity) => boolean;
}
