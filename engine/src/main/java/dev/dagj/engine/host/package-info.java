/**
 * Client host I/O: uploading host directories and files into the content store, and exporting stored trees and blobs
 * back to the host. (TEMP stand-in with the agreed entry points; the real package replaces it at merge.)
 */
package dev.dagj.engine.host;
