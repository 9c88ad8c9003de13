/**
 * Module ref syntax: deciding whether a ref is a local path or a git ref ({@link dev.dagj.resolver.ref.ModuleRefParser}),
 * and splitting a git ref {@code [scheme://][user@]host/owner/repo[.git][/sub/dir][@version]} into its repository root,
 * subdirectory and version ({@link dev.dagj.resolver.ref.GitModuleRef}). Parsing is pure except for repository roots
 * that no static rule decides, which are found by asking a {@link dev.dagj.resolver.ref.RepositoryProbe}.
 */
package dev.dagj.resolver.ref;
