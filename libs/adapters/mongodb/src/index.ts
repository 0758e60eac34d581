export { MongoDatabase, type MongoSource, type MongoUriOptions } from './lib/mongo-connection';
export { CHECKPOINTS_COLLECTION, escapeRegex, mongoCollectionName, MongoReadStore } from './lib/mongo-read-store';
export { GRIDFS_BLOB_KEY_PATTERN, GridFsBlobStore, InvalidGridFsBlobKeyError, type GridFsBlobStoreOptions } from './lib/gridfs-blob-store';
export { MongoSubjectKeyStore, SUBJECT_KEYS_COLLECTION, type MongoSubjectKeyStoreOptions } from './lib/mongo-subject-key-store';
