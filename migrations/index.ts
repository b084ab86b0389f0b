import { Foundation1763800000000 } from './1763800000000-foundation';
import { Governance1763900000000 } from './1763900000000-governance';
import { LockedBlocks1764000000000 } from './1764000000000-locked-blocks';
import { BrandAssets1764100000000 } from './1764100000000-brand-assets';
import { RenditionBlobsAndDocumentLedger1764210000000 } from './1764210000000-rendition-blobs-and-document-ledger';
import { KeyedAudit1764290000000 } from './1764290000000-keyed-audit';
import { Identities1764290100000 } from './1764290100000-identities';
import { RuntimeRole1764299000000 } from './1764299000000-runtime-role';
import { Deliveries1764300000000 } from './1764300000000-deliveries';
import { ChannelConsents1764310000000 } from './1764310000000-channel-consents';
import { MultiChannelDispatch1764320000000 } from './1764320000000-multi-channel-dispatch';
import { DeliveryStatuses1764330000000 } from './1764330000000-delivery-statuses';
import { WebhookEvents1764340000000 } from './1764340000000-webhook-events';
import { ActionLinks1764350000000 } from './1764350000000-action-links';
import { Payments1764360000000 } from './1764360000000-payments';
import { LandingPages1764370000000 } from './1764370000000-landing-pages';
import { Batches1764390000000 } from './1764390000000-batches';
import { People1764410000000 } from './1764410000000-people';
import { Offers1764420000000 } from './1764420000000-offers';
import { JobOutbox1764430000000 } from './1764430000000-job-outbox';
import { DeflatedBlobs1764440000000 } from './1764440000000-deflated-blobs';

/**
 * Every migration, in order. Landed migrations are never edited: a schema
 * change is a new file added at the end of this list.
 */
export const MIGRATIONS = [
  Foundation1763800000000,
  Governance1763900000000,
  LockedBlocks1764000000000,
  BrandAssets1764100000000,
  RenditionBlobsAndDocumentLedger1764210000000,
  KeyedAudit1764290000000,
  Identities1764290100000,
  RuntimeRole1764299000000,
  Deliveries1764300000000,
  ChannelConsents1764310000000,
  MultiChannelDispatch1764320000000,
  DeliveryStatuses1764330000000,
  WebhookEvents1764340000000,
  ActionLinks1764350000000,
  Payments1764360000000,
  LandingPages1764370000000,
  Batches1764390000000,
  People1764410000000,
  Offers1764420000000,
  JobOutbox1764430000000,
  DeflatedBlobs1764440000000,
] as const;
