/**
 * The on-disk content store of one engine state directory: blobs by SHA-256 digest, directory trees as Merkle trees
 * of blobs, and the cache index from op keys to results. Every write is temp file + rename, so a process killed at
 * any point leaves a store the next run uses; leftover temp files are removed when the store opens.
 */
package dev.dagj.engine.store;
