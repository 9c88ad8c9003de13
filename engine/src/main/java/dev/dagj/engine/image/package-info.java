/**
 * Images and layer snapshots, without a Docker engine.
 *
 * <p>{@link dev.dagj.engine.image.ImageRef} parses Docker references; {@link dev.dagj.engine.image.RegistryClient}
 * speaks the distribution API (pull with digest checks, bearer-token and Basic auth from {@code ~/.docker/config.json},
 * monolithic push); {@link dev.dagj.engine.image.ImageStore} is what the rest of the engine uses: resolve a reference
 * to an {@link dev.dagj.engine.image.Image}, get its layers as snapshot directories, assemble, publish, export and
 * import images. {@link dev.dagj.engine.image.SnapshotStore} keeps one unpacked directory per layer diff_id under
 * {@code <state>/snapshots/}, created atomically; {@link dev.dagj.engine.image.LayerPacker} turns a directory (the
 * upper dir of an exec) back into a layer.
 *
 * <p>Contract for executors: a snapshot is an overlayfs lower directory in overlayfs' own format. Whiteouts are
 * character devices 0/0 and opaque directories carry {@code user.overlay.opaque=y}, so the overlay MUST be mounted with
 * {@code -o userxattr}, which also makes overlayfs write {@code user.overlay.*} (not {@code trusted.*}) into the upper
 * directory, the form {@link dev.dagj.engine.image.LayerPacker} reads. Snapshots are shared and MUST NOT be written:
 * mount them only as lower directories. Unpacking whiteouts runs {@code mknod}, so it needs root (or CAP_MKNOD).
 */
package dev.dagj.engine.image;
