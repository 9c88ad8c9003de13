/**
 * Moving files between the client's host and the content store: {@link dev.dagj.engine.host.HostUploader} hashes and
 * stores a host directory or file as a tree (with include/exclude patterns and {@code .gitignore} rules, like
 * Dagger's {@code host.directory}), remembering file stats in the state directory so an unchanged file is not read
 * again; {@link dev.dagj.engine.host.HostExporter} writes stored trees and files back to the host atomically per file.
 */
package dev.dagj.engine.host;
