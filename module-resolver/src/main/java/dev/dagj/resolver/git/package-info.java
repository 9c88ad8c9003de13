/**
 * Git resolution with JGit: listing a remote's refs, resolving a version (monorepo tag, tag, branch, commit, default
 * branch; a pin wins) to a commit, fetching that commit into a per-remote bare cache repository and checking its tree
 * out into a content-addressed directory ({@code <cache>/checkouts/<commit>}). A pinned commit that is already cached
 * resolves with no network call at all.
 */
package dev.dagj.resolver.git;
