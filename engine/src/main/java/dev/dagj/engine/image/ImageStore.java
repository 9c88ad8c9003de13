package dev.dagj.engine.image;

import dev.dagj.engine.digest.Digest;
import dev.dagj.engine.store.ContentStore;
import dev.dagj.engine.store.StoreException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Images for the engine: resolve a reference to an {@link Image}, make its layers available as snapshot directories,
 * assemble new images from a config and layers, publish them to a registry, and export or import them as OCI
 * tarballs. Manifests, indexes, configs and layer blobs live in the content store under their digests; snapshots in
 * the {@link SnapshotStore}.
 *
 * <p>An instance is a session's view: it remembers which digest each tag resolved to, and where each layer blob it has
 * seen can be pulled from, for its lifetime (create one per session; they can share the content store, snapshot store
 * and registry client). Resolving a reference by digest never touches the network when the manifest and config are
 * local, and {@link #ensureSnapshots} never does when the snapshots exist. Every method is safe to call concurrently.
 */
public final class ImageStore {
    private static final int MAX_INDEX_DEPTH = 3;

    private final ContentStore store;
    private final SnapshotStore snapshots;
    private final RegistryClient registry;
    private final Map<String, Digest> resolvedTags = new ConcurrentHashMap<>();
    private final Map<Digest, ImageRef> blobSources = new ConcurrentHashMap<>();

    private final Resolved resolved;

    public ImageStore(ContentStore store, SnapshotStore snapshots, RegistryClient registry) {
        this(store, snapshots, registry, new Resolved());
    }

    /** A view that shares {@code resolved} (one per engine) with the engine's other views. */
    public ImageStore(ContentStore store, SnapshotStore snapshots, RegistryClient registry, Resolved resolved) {
        this.store = store;
        this.snapshots = snapshots;
        this.registry = registry;
        this.resolved = resolved;
    }

    /**
     * Images already built from their pinned manifests, by pinned reference and platform. What a digest names never
     * changes, so one engine's sessions share them: a {@code from} of a known image then reads and parses no manifest
     * or config (about 1-5 ms of every uncached exec request). Holds the most recently used {@value #MAX} entries.
     */
    public static final class Resolved {
        static final int MAX = 256;
        private final Map<String, Image> images = new java.util.LinkedHashMap<>(16, 0.75f, true) {
            private static final long serialVersionUID = 1L;

            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Image> eldest) {
                return size() > MAX;
            }
        };

        synchronized Image get(String key) {
            return images.get(key);
        }

        synchronized void put(String key, Image image) {
            images.put(key, image);
        }
    }

    /**
     * The image {@code ref} names for {@code platform}. A tag is resolved once per instance (then remembered); an
     * index or manifest list is narrowed to the first entry {@code platform} accepts; a single-platform manifest must
     * be for {@code platform}. The result's {@code ref} is pinned to the digest of what the tag named (the index, for
     * multi-platform images). Fetches the manifest(s) and the config; layer blobs are left to
     * {@link #ensureSnapshots}.
     */
    public Image resolve(ImageRef ref, Platform platform) throws ImageException, InterruptedException {
        Digest top;
        if (ref.digest().isPresent()) {
            top = ref.digest().get();
        } else {
            String key = ref.toString();
            Digest known = resolvedTags.get(key);
            if (known == null) {
                RegistryClient.FetchedManifest m = registry.fetchManifest(ref, ref.tag().orElseThrow(),
                        Optional.empty());
                put(ref, m.bytes());
                known = m.digest();
                resolvedTags.put(key, known);
            }
            top = known;
        }
        ImageRef pinned = ref.withDigest(top);
        String key = pinned + " " + platform;
        Image image = resolved.get(key);
        if (image == null) {
            image = fromDocument(pinned, top, platform, 0);
            resolved.put(key, image);
        }
        for (Layer l : image.layers()) {
            blobSources.putIfAbsent(l.digest(), pinned);
        }
        return image;
    }

    /**
     * The single-platform image of manifest {@code manifest} that is wholly in the content store (one made by
     * {@link #importTarball}): no network. Its layers keep the blobs, media types and digests they were imported
     * with, so exporting or publishing it sends the same layers again. {@code platform} names the image in errors
     * and must be accepted by its config.
     */
    public Image local(Digest manifest, Platform platform) throws ImageException, InterruptedException {
        String name = "imported image " + manifest;
        byte[] bytes;
        try {
            if (!store.has(manifest)) {
                throw new ImageException(name, null, name + " is not in the content store any more; import the"
                        + " tarball again", null);
            }
            bytes = store.readBytes(manifest);
        } catch (StoreException e) {
            throw new ImageException(name, null, e.getMessage(), e);
        }
        ImageJson.Document doc;
        try {
            doc = ImageJson.document(bytes, MediaTypes.OCI_MANIFEST);
        } catch (ImageJson.MalformedException e) {
            throw new ImageException(name, null, name + " is invalid: " + e.getMessage(), e);
        }
        if (!(doc instanceof ImageJson.ManifestDocument m)) {
            throw new ImageException(name, null, name + " is an index, not a single-platform manifest", null);
        }
        return fromManifest(Optional.empty(), name, new Descriptor(m.mediaType(), manifest, bytes.length), m,
                platform, false);
    }

    private Image fromDocument(ImageRef ref, Digest digest, Platform platform, int depth)
            throws ImageException, InterruptedException {
        byte[] bytes = document(ref, digest);
        ImageJson.Document doc;
        try {
            doc = ImageJson.document(bytes, "");
        } catch (ImageJson.MalformedException e) {
            throw new ImageException(ref.toString(), ref.registry(), "image " + ref + ": manifest " + digest
                    + " is invalid: " + e.getMessage(), e);
        }
        return switch (doc) {
            case ImageJson.IndexDocument index -> {
                if (depth >= MAX_INDEX_DEPTH) {
                    throw new ImageException(ref.toString(), ref.registry(), "image " + ref + ": indexes nested more"
                            + " than " + MAX_INDEX_DEPTH + " deep", null);
                }
                ImageJson.IndexEntry e = selectPlatform(ref.toString(), index, platform);
                yield fromDocument(ref, e.descriptor().digest(), platform, depth + 1);
            }
            case ImageJson.ManifestDocument m -> fromManifest(Optional.of(ref), ref.toString(),
                    new Descriptor(m.mediaType(), digest, bytes.length), m, platform, true);
        };
    }

    static ImageJson.IndexEntry selectPlatform(String image, ImageJson.IndexDocument index, Platform platform)
            throws ImageException {
        List<String> offered = new ArrayList<>();
        for (ImageJson.IndexEntry e : index.manifests()) {
            if (e.platform().isEmpty() || e.platform().get().os().equals("unknown")) {
                continue;
            }
            if (platform.accepts(e.platform().get())) {
                return e;
            }
            offered.add(e.platform().get().toString());
        }
        throw new ImageException(image, null, "image " + image + " has no variant for platform " + platform
                + " (it has: " + (offered.isEmpty() ? "none" : String.join(", ", offered)) + ")", null);
    }

    /** Builds the Image of a manifest whose bytes are stored; fetches the config if {@code ref} allows. */
    Image fromManifest(Optional<ImageRef> ref, String name, Descriptor manifest, ImageJson.ManifestDocument m,
            Platform platform, boolean platformMustMatch) throws ImageException, InterruptedException {
        if (!store.has(m.config().digest())) {
            if (ref.isEmpty()) {
                throw new ImageException(name, null, "image " + name + ": config blob " + m.config().digest()
                        + " is missing", null);
            }
            registry.fetchBlob(ref.get(), m.config(), "config");
        }
        ImageJson.ConfigDocument cfg;
        try {
            cfg = ImageJson.config(store.readBytes(m.config().digest()));
        } catch (ImageJson.MalformedException e) {
            throw new ImageException(name, ref.map(ImageRef::registry).orElse(null), "image " + name
                    + ": config " + m.config().digest() + " is invalid: " + e.getMessage(), e);
        } catch (StoreException e) {
            throw new ImageException(name, null, e.getMessage(), e);
        }
        if (platformMustMatch && !platform.accepts(cfg.platform())) {
            throw new ImageException(name, ref.map(ImageRef::registry).orElse(null), "image " + name + " is for "
                    + cfg.platform() + ", not " + platform, null);
        }
        List<Descriptor> blobs = m.layers().stream().filter(d -> MediaTypes.isLayer(d.mediaType())).toList();
        if (blobs.size() != cfg.diffIds().size()) {
            throw new ImageException(name, null, "image " + name + " has " + blobs.size() + " layers but its config"
                    + " lists " + cfg.diffIds().size() + " diff_ids", null);
        }
        List<Layer> layers = new ArrayList<>();
        for (int i = 0; i < blobs.size(); i++) {
            Descriptor d = blobs.get(i);
            layers.add(new Layer(d.mediaType(), d.digest(), d.size(), cfg.diffIds().get(i)));
        }
        return new Image(ref, cfg.platform(), manifest, m.config(), cfg.config(), layers);
    }

    /** A manifest or index by digest: from the content store, else pulled (verified) and stored. */
    private byte[] document(ImageRef ref, Digest digest) throws ImageException, InterruptedException {
        try {
            if (store.has(digest)) {
                return store.readBytes(digest);
            }
        } catch (StoreException e) {
            throw new ImageException(ref.toString(), null, e.getMessage(), e);
        }
        RegistryClient.FetchedManifest m = registry.fetchManifest(ref, digest.toString(), Optional.of(digest));
        put(ref, m.bytes());
        return m.bytes();
    }

    private void put(ImageRef ref, byte[] bytes) throws ImageException {
        try {
            store.putBytes(bytes);
        } catch (StoreException e) {
            throw new ImageException(ref.toString(), ref.registry(), e.getMessage(), e);
        }
    }

    /**
     * The snapshot directories of {@code image}'s layers, bottom first, pulling and unpacking the missing ones (in
     * parallel). Each is a complete, verified unpack of its layer; see {@link SnapshotStore} for the format.
     */
    public List<Path> ensureSnapshots(Image image) throws ImageException, InterruptedException {
        List<Path> out = new ArrayList<>();
        if (image.layers().stream().allMatch(l -> snapshots.has(l.diffId()))) {
            for (Layer l : image.layers()) {
                out.add(snapshots.path(l.diffId()));
            }
            return out;
        }
        try (ExecutorService ex = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<Path>> futures = new ArrayList<>();
            for (Layer l : image.layers()) {
                futures.add(ex.submit(() -> snapshots.ensure(l, () -> openBlob(image, l))));
            }
            try {
                for (Future<Path> f : futures) {
                    out.add(f.get());
                }
            } catch (ExecutionException e) {
                futures.forEach(f -> f.cancel(true));
                throw wrap(image, e.getCause());
            } catch (InterruptedException e) {
                futures.forEach(f -> f.cancel(true));
                throw e;
            }
        }
        return out;
    }

    private static ImageException wrap(Image image, Throwable cause) {
        String name = image.displayName();
        String registry = image.ref().map(ImageRef::registry).orElse(null);
        if (cause instanceof ImageException ie) {
            String msg = ie.getMessage().contains(name) ? ie.getMessage() : "image " + name + ": " + ie.getMessage();
            return new ImageException(name, ie.registry().orElse(registry), msg, ie);
        }
        return new ImageException(name, registry, "image " + name + ": " + cause, cause);
    }

    private InputStream openBlob(Image image, Layer l) throws ImageException, InterruptedException {
        ensureBlob(image, l.descriptor(), "layer");
        try {
            return store.open(l.digest());
        } catch (StoreException e) {
            throw new ImageException(image.displayName(), null, e.getMessage(), e);
        }
    }

    private void ensureBlob(Image image, Descriptor d, String what) throws ImageException, InterruptedException {
        if (store.has(d.digest())) {
            return;
        }
        Optional<ImageRef> source = image.ref().or(() -> Optional.ofNullable(blobSources.get(d.digest())));
        if (source.isEmpty()) {
            throw new ImageException(image.displayName(), null, "image " + image.displayName() + ": " + what + " "
                    + d.digest() + " is not in the content store and no registry is known to have it", null);
        }
        registry.fetchBlob(source.get(), d, what);
    }

    /** Fetches every blob of {@code image} that is not local yet (for publish and export). */
    private void ensureBlobs(Image image) throws ImageException, InterruptedException {
        ensureBlob(image, image.configBlob(), "config");
        for (Layer l : image.layers()) {
            ensureBlob(image, l.descriptor(), "layer");
        }
        if (!store.has(image.manifestDigest())) {
            throw new ImageException(image.displayName(), null, "image " + image.displayName() + ": manifest "
                    + image.manifestDigest() + " is missing from the content store", null);
        }
    }

    /**
     * A new OCI image of {@code layers} (bottom first) with {@code config} for {@code platform}: writes its config
     * and manifest into the content store. Docker layer media types become their OCI equivalents (same bytes). The
     * layer blobs need not be local yet; they are fetched when published or exported.
     */
    public Image assemble(ImageConfig config, Platform platform, List<Layer> layers) throws ImageException {
        List<Layer> oci = layers.stream()
                .map(l -> new Layer(MediaTypes.ociLayerType(l.mediaType()), l.digest(), l.size(), l.diffId()))
                .toList();
        byte[] cfg = ImageJson.encodeConfig(config, platform, oci.stream().map(Layer::diffId).toList());
        try {
            Descriptor cd = new Descriptor(MediaTypes.OCI_CONFIG, store.putBytes(cfg), cfg.length);
            byte[] man = ImageJson.encodeManifest(cd, oci.stream().map(Layer::descriptor).toList());
            Descriptor md = new Descriptor(MediaTypes.OCI_MANIFEST, store.putBytes(man), man.length);
            return new Image(Optional.empty(), platform, md, cd, config, oci);
        } catch (StoreException e) {
            throw new ImageException(e.getMessage(), e);
        }
    }

    /**
     * Pushes {@code images} to {@code target} (its tag, or {@code latest}): one image as its manifest, several (one
     * per platform) as an OCI index of them. Blobs the registry has are skipped. Returns {@code target} pinned to the
     * digest of what the tag now names, e.g. {@code 127.0.0.1:5000/app:v1@sha256:...}.
     */
    public ImageRef publish(ImageRef target, List<Image> images) throws ImageException, InterruptedException {
        if (images.isEmpty()) {
            throw new ImageException(target.toString(), target.registry(), "nothing to publish to " + target, null);
        }
        if (target.digest().isPresent()) {
            throw new ImageException(target.toString(), target.registry(), "cannot publish to " + target
                    + ": a reference with a digest cannot be a push target; use a tag", null);
        }
        Set<Platform> seen = new HashSet<>();
        for (Image i : images) {
            if (!seen.add(i.platform()) && images.size() > 1) {
                throw new ImageException(target.toString(), target.registry(), "cannot publish " + target
                        + ": two images for platform " + i.platform(), null);
            }
            if (!store.has(i.manifestDigest())) {
                throw new ImageException(i.displayName(), null, "image " + i.displayName() + ": manifest "
                        + i.manifestDigest() + " is missing from the content store", null);
            }
        }
        String tag = target.tag().orElse("latest");
        ImageRef tagged = target.withTag(tag);
        for (Image i : images) {
            pushBlob(i, tagged, i.configBlob(), "config");
            for (Layer l : i.layers()) {
                pushBlob(i, tagged, l.descriptor(), "layer");
            }
        }
        try {
            if (images.size() == 1) {
                Image i = images.get(0);
                Digest d = registry.pushManifest(tagged, tag, store.readBytes(i.manifestDigest()),
                        i.manifest().mediaType());
                return tagged.withDigest(d);
            }
            List<ImageJson.IndexEntry> entries = new ArrayList<>();
            for (Image i : images) {
                registry.pushManifest(tagged, i.manifestDigest().toString(), store.readBytes(i.manifestDigest()),
                        i.manifest().mediaType());
                entries.add(new ImageJson.IndexEntry(i.manifest(), Optional.of(i.platform()), Map.of()));
            }
            byte[] index = ImageJson.encodeIndex(entries);
            store.putBytes(index);
            return tagged.withDigest(registry.pushManifest(tagged, tag, index, MediaTypes.OCI_INDEX));
        } catch (StoreException e) {
            throw new ImageException(target.toString(), target.registry(), e.getMessage(), e);
        }
    }

    /**
     * Makes {@code target}'s repository have blob {@code d}: nothing when it has it already (HEAD); a cross-repository
     * mount when the blob came from another repository of the same registry; else an upload, fetching the blob
     * first if it is not local.
     */
    private void pushBlob(Image image, ImageRef target, Descriptor d, String what)
            throws ImageException, InterruptedException {
        if (registry.hasBlob(target, d)) {
            return;
        }
        ImageRef source = blobSources.get(d.digest());
        if (source == null && image.ref().isPresent()) {
            source = image.ref().get();
        }
        if (source != null && source.registry().equals(target.registry())
                && !source.repository().equals(target.repository())
                && registry.mountBlob(target, d, source.repository())) {
            return;
        }
        ensureBlob(image, d, what);
        registry.uploadBlob(target, d);
    }

    /**
     * Writes {@code images} as an OCI image layout tarball ({@code oci-layout}, {@code index.json} with one entry per
     * image and its platform, {@code blobs/sha256/...}); a single image also gets a Docker {@code manifest.json}, so
     * {@code docker load} reads it too. The output is deterministic. {@code out} is not closed.
     */
    public void exportTarball(List<Image> images, OutputStream out) throws ImageException, InterruptedException {
        for (Image i : images) {
            ensureBlobs(i);
        }
        new OciArchive(store).write(images, out);
    }

    /**
     * Imports an OCI layout tarball or a {@code docker save} tarball (optionally gzip-compressed): stores its blobs
     * (checking each {@code blobs/sha256/<hex>} against its name) and returns the image for {@code tag} (if given;
     * matched against the OCI ref-name annotation or the Docker RepoTags) and {@code platform}. The result has no
     * {@code ref}. {@code in} is not closed.
     */
    public Image importTarball(InputStream in, Optional<String> tag, Platform platform)
            throws ImageException, InterruptedException {
        return new OciArchive(store).read(in, tag, platform, this);
    }
}
