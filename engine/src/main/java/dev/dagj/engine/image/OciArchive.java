package dev.dagj.engine.image;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dagj.engine.digest.Digest;
import dev.dagj.engine.store.ContentStore;
import dev.dagj.engine.store.StoreException;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.zip.GZIPInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;

/**
 * Image tarballs: writes OCI image layouts (plus a Docker {@code manifest.json} for a single image) and reads OCI
 * layouts and {@code docker save} archives, in one streaming pass over the tar (entries may come in any order).
 */
final class OciArchive {
    private static final int MAX_DOCUMENT = 16 << 20;
    private static final Pattern BLOB = Pattern.compile("blobs/sha256/([0-9a-f]{64})");
    private static final String REF_NAME = "org.opencontainers.image.ref.name";
    private static final String CONTAINERD_NAME = "io.containerd.image.name";

    private final ContentStore store;

    OciArchive(ContentStore store) {
        this.store = store;
    }

    void write(List<Image> images, OutputStream out) throws ImageException {
        TreeSet<Digest> blobs = new TreeSet<>();
        List<ImageJson.IndexEntry> entries = new ArrayList<>();
        for (Image i : images) {
            blobs.add(i.manifestDigest());
            blobs.add(i.configBlob().digest());
            i.layers().forEach(l -> blobs.add(l.digest()));
            entries.add(new ImageJson.IndexEntry(i.manifest(), Optional.of(i.platform()), Map.of()));
        }
        try {
            TarArchiveOutputStream tar = new TarArchiveOutputStream(new NonClosingOutputStream(out),
                    StandardCharsets.UTF_8.name());
            tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
            tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
            dir(tar, "blobs/");
            dir(tar, "blobs/sha256/");
            byte[] buf = new byte[1 << 20];
            for (Digest d : blobs) {
                TarArchiveEntry e = fileEntry("blobs/sha256/" + d.hex(), store.blobSize(d));
                tar.putArchiveEntry(e);
                try (InputStream in = store.open(d)) {
                    int k;
                    while ((k = in.read(buf)) > 0) {
                        tar.write(buf, 0, k);
                    }
                }
                tar.closeArchiveEntry();
            }
            file(tar, "index.json", ImageJson.encodeIndex(entries));
            if (images.size() == 1) {
                file(tar, "manifest.json", dockerManifest(images.get(0)));
            }
            file(tar, "oci-layout", "{\"imageLayoutVersion\":\"1.0.0\"}".getBytes(StandardCharsets.UTF_8));
            tar.finish();
            tar.close();
        } catch (IOException | StoreException e) {
            throw new ImageException("cannot write the image tarball: " + e.getMessage(), e);
        }
    }

    private static byte[] dockerManifest(Image i) {
        ArrayNode root = JsonNodeFactory.instance.arrayNode();
        ObjectNode m = root.addObject();
        m.put("Config", "blobs/sha256/" + i.configBlob().digest().hex());
        m.putArray("RepoTags");
        ArrayNode layers = m.putArray("Layers");
        i.layers().forEach(l -> layers.add("blobs/sha256/" + l.digest().hex()));
        return ImageJson.bytes(root);
    }

    private static void dir(TarArchiveOutputStream tar, String name) throws IOException {
        TarArchiveEntry e = new TarArchiveEntry(name, TarConstants.LF_DIR);
        e.setMode(0755);
        e.setModTime(FileTime.fromMillis(0));
        tar.putArchiveEntry(e);
        tar.closeArchiveEntry();
    }

    private static TarArchiveEntry fileEntry(String name, long size) {
        TarArchiveEntry e = new TarArchiveEntry(name, TarConstants.LF_NORMAL);
        e.setMode(0644);
        e.setSize(size);
        e.setModTime(FileTime.fromMillis(0));
        return e;
    }

    private static void file(TarArchiveOutputStream tar, String name, byte[] content) throws IOException {
        tar.putArchiveEntry(fileEntry(name, content.length));
        tar.write(content);
        tar.closeArchiveEntry();
    }

    /** What the archive held: small JSON documents by name, stored files by name, and links by name. */
    private record Contents(Map<String, byte[]> documents, Map<String, ContentStore.Stored> files,
            Map<String, String> links) {
        Optional<ContentStore.Stored> file(String name) {
            String n = name;
            for (int hops = 0; hops < 16 && links.containsKey(n); hops++) {
                n = links.get(n);
            }
            return Optional.ofNullable(files.get(n));
        }
    }

    Image read(InputStream raw, Optional<String> tag, Platform platform, ImageStore images)
            throws ImageException, InterruptedException {
        Contents c = scan(raw);
        if (c.documents().containsKey("index.json")) {
            return readOci(c, tag, platform, images);
        }
        if (c.documents().containsKey("manifest.json")) {
            return readDocker(c, tag, platform, images);
        }
        throw new ImageException("the tarball is neither an OCI image layout nor a docker-archive: it has no"
                + " index.json and no manifest.json");
    }

    private Contents scan(InputStream raw) throws ImageException {
        Contents c = new Contents(new HashMap<>(), new HashMap<>(), new HashMap<>());
        String at = "the start";
        try {
            BufferedInputStream in = new BufferedInputStream(raw, 1 << 16);
            in.mark(4);
            byte[] head = in.readNBytes(4);
            in.reset();
            InputStream plain = LayerCompression.sniff(head, head.length) == LayerCompression.GZIP
                    ? new GZIPInputStream(in, 1 << 16) : in;
            TarArchiveInputStream tar = new TarArchiveInputStream(plain, StandardCharsets.UTF_8.name());
            TarArchiveEntry e;
            while ((e = tar.getNextEntry()) != null) {
                String name = LayerUnpacker.normalise(e.getName(), "of the tarball");
                at = "entry '" + e.getName() + "'";
                if (e.isDirectory() || name.isEmpty()) {
                    continue;
                }
                if (e.isSymbolicLink()) {
                    String parent = name.contains("/") ? name.substring(0, name.lastIndexOf('/') + 1) : "";
                    String target = e.getLinkName().startsWith("/") ? e.getLinkName() : parent + e.getLinkName();
                    c.links().put(name, LayerUnpacker.normalise(target, "of the tarball"));
                    continue;
                }
                if (e.isLink()) {
                    c.links().put(name, LayerUnpacker.normalise(e.getLinkName(), "of the tarball"));
                    continue;
                }
                if (!e.isFile()) {
                    continue;
                }
                var blob = BLOB.matcher(name);
                boolean document = !blob.matches() && e.getSize() <= MAX_DOCUMENT
                        && (name.endsWith(".json") || name.equals("oci-layout") || name.equals("repositories")
                                || name.endsWith("/json"));
                if (document) {
                    c.documents().put(name, tar.readAllBytes());
                    continue;
                }
                ContentStore.Stored s = store.putStream(tar);
                if (blob.matches() && !s.digest().hex().equals(blob.group(1))) {
                    throw new ImageException("the tarball's entry '" + e.getName() + "' has digest " + s.digest()
                            + " (corrupt or tampered data)");
                }
                c.files().put(name, s);
            }
        } catch (IOException ex) {
            throw new ImageException("cannot read the image tarball at " + at + ": " + ex.getMessage(), ex);
        } catch (StoreException ex) {
            throw new ImageException(ex.getMessage(), ex);
        }
        for (Map.Entry<String, ContentStore.Stored> f : List.copyOf(c.files().entrySet())) {
            var m = BLOB.matcher(f.getKey());
            if (m.matches()) {
                continue;
            }
            c.files().putIfAbsent("blobs/sha256/" + f.getValue().digest().hex(), f.getValue());
        }
        return c;
    }

    private Image readOci(Contents c, Optional<String> tag, Platform platform, ImageStore images)
            throws ImageException, InterruptedException {
        ImageJson.Document doc;
        try {
            doc = ImageJson.document(c.documents().get("index.json"), MediaTypes.OCI_INDEX);
        } catch (ImageJson.MalformedException e) {
            throw new ImageException("the tarball's index.json is invalid: " + e.getMessage(), e);
        }
        if (!(doc instanceof ImageJson.IndexDocument index)) {
            throw new ImageException("the tarball's index.json is a manifest, not an index");
        }
        List<ImageJson.IndexEntry> tops = index.manifests();
        if (tag.isPresent()) {
            List<String> names = new ArrayList<>();
            tops = tops.stream().filter(e -> {
                String n = e.annotations().getOrDefault(REF_NAME, e.annotations().getOrDefault(CONTAINERD_NAME, ""));
                names.add(n);
                return tagMatches(n, tag.get()) || tagMatches(e.annotations().getOrDefault(CONTAINERD_NAME, ""),
                        tag.get());
            }).toList();
            if (tops.isEmpty()) {
                throw new ImageException("the tarball has no image tagged \"" + tag.get() + "\" (it has: "
                        + String.join(", ", names.stream().filter(n -> !n.isEmpty()).toList()) + ")");
            }
        }
        List<Candidate> candidates = new ArrayList<>();
        for (ImageJson.IndexEntry e : tops) {
            expand(c, e, candidates, 0);
        }
        if (candidates.isEmpty()) {
            throw new ImageException("the tarball's index.json lists no image manifests");
        }
        Candidate chosen = candidates.size() == 1 ? candidates.get(0) : null;
        if (chosen == null) {
            for (Candidate k : candidates) {
                if (k.platform().isPresent() && platform.accepts(k.platform().get())) {
                    chosen = k;
                    break;
                }
            }
        }
        if (chosen == null) {
            throw new ImageException("the tarball has no image for platform " + platform + " (it has: "
                    + String.join(", ", candidates.stream().map(k -> k.platform().map(Platform::toString)
                            .orElse("unknown")).toList()) + ")");
        }
        String name = "manifest " + chosen.manifest().digest() + " of the tarball";
        Image image = images.fromManifest(Optional.empty(), name, chosen.manifest(), chosen.document(), platform,
                false);
        checkLayers(image, name);
        return image;
    }

    private record Candidate(Descriptor manifest, ImageJson.ManifestDocument document, Optional<Platform> platform) {
    }

    private void expand(Contents c, ImageJson.IndexEntry e, List<Candidate> out, int depth) throws ImageException {
        Digest d = e.descriptor().digest();
        byte[] bytes;
        try {
            if (!store.has(d)) {
                throw new ImageException("the tarball lacks blob " + d + " that its index.json lists");
            }
            bytes = store.readBytes(d);
        } catch (StoreException ex) {
            throw new ImageException(ex.getMessage(), ex);
        }
        ImageJson.Document doc;
        try {
            doc = ImageJson.document(bytes, e.descriptor().mediaType());
        } catch (ImageJson.MalformedException ex) {
            throw new ImageException("manifest " + d + " in the tarball is invalid: " + ex.getMessage(), ex);
        }
        switch (doc) {
            case ImageJson.IndexDocument nested -> {
                if (depth < 3) {
                    for (ImageJson.IndexEntry n : nested.manifests()) {
                        if (n.platform().isPresent() && !n.platform().get().os().equals("unknown")) {
                            expand(c, n, out, depth + 1);
                        }
                    }
                }
            }
            case ImageJson.ManifestDocument m -> out.add(new Candidate(
                    new Descriptor(m.mediaType(), d, bytes.length), m, e.platform()));
        }
    }

    private static boolean tagMatches(String name, String tag) {
        return !name.isEmpty() && (name.equals(tag) || name.endsWith(":" + tag));
    }

    private Image readDocker(Contents c, Optional<String> tag, Platform platform, ImageStore images)
            throws ImageException, InterruptedException {
        JsonNode root;
        try {
            root = ImageJson.tree(wrapArray(c.documents().get("manifest.json")), "manifest.json").path("a");
        } catch (ImageJson.MalformedException e) {
            throw new ImageException("the tarball's manifest.json is invalid: " + e.getMessage(), e);
        }
        if (!root.isArray() || root.isEmpty()) {
            throw new ImageException("the tarball's manifest.json lists no images");
        }
        JsonNode chosen = tag.isEmpty() ? root.get(0) : null;
        List<String> names = new ArrayList<>();
        for (JsonNode m : root) {
            for (JsonNode t : m.path("RepoTags")) {
                names.add(t.asText());
                if (chosen == null && tag.isPresent() && tagMatches(t.asText(), tag.get())) {
                    chosen = m;
                }
            }
        }
        if (chosen == null) {
            throw new ImageException("the tarball has no image tagged \"" + tag.orElse("") + "\" (it has: "
                    + String.join(", ", names) + ")");
        }
        String configName = chosen.path("Config").asText("");
        byte[] config = c.documents().get(configName);
        try {
            if (config == null) {
                Optional<ContentStore.Stored> f = c.file(configName);
                if (f.isEmpty()) {
                    throw new ImageException("the tarball lacks the config '" + configName + "' its manifest.json"
                            + " names");
                }
                config = store.readBytes(f.get().digest());
            }
            Descriptor cd = new Descriptor(MediaTypes.OCI_CONFIG, store.putBytes(config), config.length);
            List<Descriptor> layers = new ArrayList<>();
            for (JsonNode l : chosen.path("Layers")) {
                Optional<ContentStore.Stored> f = c.file(LayerUnpacker.normalise(l.asText(), "of the tarball"));
                if (f.isEmpty()) {
                    throw new ImageException("the tarball lacks the layer '" + l.asText() + "' its manifest.json"
                            + " names");
                }
                byte[] head;
                try (InputStream in = store.open(f.get().digest())) {
                    head = in.readNBytes(4);
                }
                String mt = LayerCompression.sniff(head, head.length).ociMediaType();
                layers.add(new Descriptor(mt, f.get().digest(), f.get().size()));
            }
            byte[] manifest = ImageJson.encodeManifest(cd, layers);
            Descriptor md = new Descriptor(MediaTypes.OCI_MANIFEST, store.putBytes(manifest), manifest.length);
            String name = "image " + (names.isEmpty() ? configName : String.join(",", names)) + " of the tarball";
            ImageJson.ManifestDocument doc = new ImageJson.ManifestDocument(MediaTypes.OCI_MANIFEST, cd, layers);
            return images.fromManifest(Optional.empty(), name, md, doc, platform, false);
        } catch (StoreException | IOException e) {
            throw new ImageException("cannot import the tarball: " + e.getMessage(), e);
        }
    }

    private void checkLayers(Image image, String name) throws ImageException {
        for (Layer l : image.layers()) {
            if (!store.has(l.digest())) {
                throw new ImageException("the tarball lacks layer " + l.digest() + " of " + name);
            }
        }
    }

    private static byte[] wrapArray(byte[] json) {
        byte[] pre = "{\"a\":".getBytes(StandardCharsets.UTF_8);
        byte[] out = new byte[pre.length + json.length + 1];
        System.arraycopy(pre, 0, out, 0, pre.length);
        System.arraycopy(json, 0, out, pre.length, json.length);
        out[out.length - 1] = '}';
        return out;
    }
}
