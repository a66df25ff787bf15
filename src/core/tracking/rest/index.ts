export { RestTrackingStore, type RestCredentials, type RestTrackingStoreOptions } from './restTrackingStore';
export type { RetryNotice } from './restClient';
