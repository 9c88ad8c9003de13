/**
 * The on-disk content store of one engine state directory: blobs by SHA-256 digest, directory trees as Merkle trees
 * of blobs, and the cache index from op keys to results. Blobs are loose files or, for the many small files of a host
 * upload, packed into pack files ({@link dev.dagj.engine.store.BlobBatch}); callers read them only through
 * {@link dev.dagj.engine.store.ContentStore}. Every write is temp file + rename, so a process killed at
 * any point leaves a store the next run uses; leftover temp files are removed when the store opens.
 */
package dev.dagj.engine.store;
