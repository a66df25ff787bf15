export { RestTrackingStore, type RestCredentials, type RestTrackingStoreOptions } from './restTrackingStore';
