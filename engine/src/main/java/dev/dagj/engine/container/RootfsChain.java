package dev.dagj.engine.container;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dagj.engine.digest.Digest;
import dev.dagj.engine.store.ContentStore;
import dev.dagj.engine.store.StoreException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * A container root filesystem: layer directories, bottom first, each named relative to the state directory
 * ({@code snapshots/<hex>}, {@code trees/<hex>}, {@code ctr-layers/<name>}). Image layers also record where they
 * came from ({@code image} ref and {@code platform}; an imported image's layers its {@code manifest} digest, whose
 * blobs are in the content store), so a removed snapshot can be unpacked again; tree layers record
 * their tree, so a removed checkout can be made again. Stored as a small JSON blob; container-rootfs ops evaluate to
 * its digest.
 */
public record RootfsChain(List<Entry> layers) {
    private static final ObjectMapper JSON = new ObjectMapper();
    public static final RootfsChain EMPTY = new RootfsChain(List.of());

    /** One layer: its directory and, optionally, how to rebuild it. */
    public record Entry(String dir, String image, String platform, Digest tree, Digest manifest) {
        public Entry(String dir, String image, String platform, Digest tree) {
            this(dir, image, platform, tree, null);
        }
    }

    public RootfsChain {
        layers = List.copyOf(layers);
    }

    public RootfsChain plus(Entry e) {
        List<Entry> l = new ArrayList<>(layers);
        l.add(e);
        return new RootfsChain(l);
    }

    Digest put(ContentStore store) throws StoreException {
        ObjectNode root = JSON.createObjectNode();
        root.put("format", "dagj-rootfs/v1");
        ArrayNode arr = root.putArray("layers");
        for (Entry e : layers) {
            ObjectNode n = arr.addObject();
            n.put("dir", e.dir());
            if (e.image() != null) {
                n.put("image", e.image());
                n.put("platform", e.platform());
            }
            if (e.tree() != null) {
                n.put("tree", e.tree().toString());
            }
            if (e.manifest() != null) {
                n.put("manifest", e.manifest().toString());
                n.put("platform", e.platform());
            }
        }
        try {
            return store.putBytes(JSON.writeValueAsBytes(root));
        } catch (IOException e) {
            throw new StoreException("cannot encode a root filesystem chain: " + e.getMessage(), e);
        }
    }

    static RootfsChain load(ContentStore store, Digest d) throws ContainerException {
        try {
            JsonNode root = JSON.readTree(store.readBytes(d));
            if (!"dagj-rootfs/v1".equals(root.path("format").asText())) {
                throw new ContainerException("blob " + d + " is not a root filesystem chain");
            }
            List<Entry> out = new ArrayList<>();
            for (JsonNode n : root.path("layers")) {
                String tree = n.path("tree").asText(null);
                String manifest = n.path("manifest").asText(null);
                out.add(new Entry(n.path("dir").asText(), n.path("image").asText(null),
                        n.path("platform").asText(null), tree == null ? null : Digest.parse(tree),
                        manifest == null ? null : Digest.parse(manifest)));
            }
            return new RootfsChain(out);
        } catch (IOException | StoreException | IllegalArgumentException e) {
            throw new ContainerException("cannot read the root filesystem chain " + d + ": " + e.getMessage(), e);
        }
    }
}
