/** Content digests and the canonical, versioned byte encoding that op keys and tree digests are computed over. */
package dev.dagj.engine.digest;
