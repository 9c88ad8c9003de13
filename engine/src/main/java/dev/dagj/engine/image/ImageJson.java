package dev.dagj.engine.image;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dagj.engine.digest.Digest;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Reading and writing the JSON documents of images: manifests, indexes (and Docker manifest lists), image configs,
 * and token answers. Output is compact with a fixed key order, so equal inputs give equal bytes and digests.
 */
final class ImageJson {
    private static final ObjectReader READER = new ObjectMapper().reader();
    private static final ObjectWriter WRITER = new ObjectMapper().writer();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private ImageJson() {
    }

    /** A document that is not what it claims to be; the message says what is wrong, the caller adds context. */
    static final class MalformedException extends Exception {
        private static final long serialVersionUID = 1L;

        MalformedException(String message) {
            super(message);
        }
    }

    /** A parsed manifest or index. */
    sealed interface Document permits IndexDocument, ManifestDocument {
        String mediaType();
    }

    record IndexEntry(Descriptor descriptor, Optional<Platform> platform, Map<String, String> annotations) {
    }

    record IndexDocument(String mediaType, List<IndexEntry> manifests) implements Document {
    }

    record ManifestDocument(String mediaType, Descriptor config, List<Descriptor> layers) implements Document {
    }

    /** The parts of an image config this engine uses. */
    record ConfigDocument(ImageConfig config, Platform platform, List<Digest> diffIds) {
    }

    static JsonNode tree(byte[] bytes, String what) throws MalformedException {
        try {
            JsonNode n = READER.readTree(bytes);
            if (n == null || !n.isObject()) {
                throw new MalformedException(what + " is not a JSON object");
            }
            return n;
        } catch (IOException e) {
            throw new MalformedException(what + " is not JSON (" + firstLine(e.getMessage()) + ")");
        }
    }

    static byte[] bytes(JsonNode n) {
        try {
            return WRITER.writeValueAsBytes(n);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot encode JSON", e);
        }
    }

    static ObjectNode object() {
        return NODES.objectNode();
    }

    /**
     * Parses a manifest or index. {@code contentType} is the HTTP Content-Type (may be empty); the document's own
     * {@code mediaType} wins when present.
     */
    static Document document(byte[] bytes, String contentType) throws MalformedException {
        JsonNode n = tree(bytes, "the manifest");
        String mt = n.path("mediaType").asText("");
        if (mt.isEmpty()) {
            mt = contentType == null ? "" : contentType.split(";", 2)[0].trim();
        }
        if (n.path("schemaVersion").asInt(0) == 1
                || mt.startsWith("application/vnd.docker.distribution.manifest.v1")) {
            throw new MalformedException("it is a Docker schema 1 manifest, which is not supported (re-push the image"
                    + " with a current client)");
        }
        boolean index = MediaTypes.INDEXES.contains(mt) || (!MediaTypes.MANIFESTS.contains(mt) && n.has("manifests"));
        if (index) {
            List<IndexEntry> entries = new ArrayList<>();
            for (JsonNode e : array(n, "manifests")) {
                Optional<Platform> p = Optional.empty();
                JsonNode pn = e.path("platform");
                if (pn.isObject() && !pn.path("os").asText("").isEmpty()
                        && !pn.path("architecture").asText("").isEmpty()) {
                    p = Optional.of(new Platform(pn.path("os").asText(), pn.path("architecture").asText(),
                            pn.path("variant").asText("")));
                }
                entries.add(new IndexEntry(descriptor(e, "a manifest entry"), p, strings(e.path("annotations"))));
            }
            return new IndexDocument(mt.isEmpty() ? MediaTypes.OCI_INDEX : mt, List.copyOf(entries));
        }
        if (!n.has("config") || !n.has("layers")) {
            throw new MalformedException("the manifest has no config or no layers (media type \"" + mt + "\")");
        }
        Descriptor config = descriptor(n.path("config"), "the config descriptor");
        List<Descriptor> layers = new ArrayList<>();
        for (JsonNode l : array(n, "layers")) {
            layers.add(descriptor(l, "a layer descriptor"));
        }
        return new ManifestDocument(mt.isEmpty() ? MediaTypes.OCI_MANIFEST : mt, config, List.copyOf(layers));
    }

    static Descriptor descriptor(JsonNode n, String what) throws MalformedException {
        String mt = n.path("mediaType").asText("");
        String d = n.path("digest").asText("");
        if (!n.path("size").canConvertToLong() || n.path("size").asLong(-1) < 0) {
            throw new MalformedException(what + " has no valid size");
        }
        if (mt.isEmpty()) {
            throw new MalformedException(what + " has no media type");
        }
        if (!d.startsWith(Digest.PREFIX)) {
            throw new MalformedException(what + " has digest \"" + d + "\"; only sha256 digests are supported");
        }
        try {
            return new Descriptor(mt, Digest.parse(d), n.path("size").asLong());
        } catch (IllegalArgumentException e) {
            throw new MalformedException(what + " has an invalid digest \"" + d + "\"");
        }
    }

    static ConfigDocument config(byte[] bytes) throws MalformedException {
        JsonNode n = tree(bytes, "the image config");
        String os = n.path("os").asText("");
        String arch = n.path("architecture").asText("");
        if (os.isEmpty() || arch.isEmpty()) {
            throw new MalformedException("the image config has no os or architecture");
        }
        JsonNode c = n.path("config");
        List<Digest> diffIds = new ArrayList<>();
        for (JsonNode d : array(n.path("rootfs"), "diff_ids")) {
            try {
                diffIds.add(Digest.parse(d.asText()));
            } catch (IllegalArgumentException e) {
                throw new MalformedException("the image config has an invalid diff_id \"" + d.asText() + "\"");
            }
        }
        Set<String> ports = new TreeSet<>();
        c.path("ExposedPorts").fieldNames().forEachRemaining(ports::add);
        ImageConfig cfg = new ImageConfig(stringList(c.path("Env")), c.path("WorkingDir").asText(""),
                c.path("User").asText(""), stringList(c.path("Entrypoint")), stringList(c.path("Cmd")),
                strings(c.path("Labels")), ports);
        return new ConfigDocument(cfg, new Platform(os, arch, n.path("variant").asText("")), List.copyOf(diffIds));
    }

    static byte[] encodeConfig(ImageConfig cfg, Platform platform, List<Digest> diffIds) {
        ObjectNode root = object();
        root.put("architecture", platform.architecture());
        root.put("os", platform.os());
        if (!platform.variant().isEmpty()) {
            root.put("variant", platform.variant());
        }
        ObjectNode c = root.putObject("config");
        if (!cfg.user().isEmpty()) {
            c.put("User", cfg.user());
        }
        if (!cfg.exposedPorts().isEmpty()) {
            ObjectNode p = c.putObject("ExposedPorts");
            cfg.exposedPorts().forEach(port -> p.putObject(port));
        }
        if (!cfg.env().isEmpty()) {
            cfg.env().forEach(c.putArray("Env")::add);
        }
        if (!cfg.entrypoint().isEmpty()) {
            cfg.entrypoint().forEach(c.putArray("Entrypoint")::add);
        }
        if (!cfg.cmd().isEmpty()) {
            cfg.cmd().forEach(c.putArray("Cmd")::add);
        }
        if (!cfg.workingDir().isEmpty()) {
            c.put("WorkingDir", cfg.workingDir());
        }
        if (!cfg.labels().isEmpty()) {
            ObjectNode l = c.putObject("Labels");
            cfg.labels().forEach(l::put);
        }
        ObjectNode rootfs = root.putObject("rootfs");
        rootfs.put("type", "layers");
        ArrayNode ids = rootfs.putArray("diff_ids");
        diffIds.forEach(d -> ids.add(d.toString()));
        return bytes(root);
    }

    static byte[] encodeManifest(Descriptor config, List<Descriptor> layers) {
        ObjectNode root = object();
        root.put("schemaVersion", 2);
        root.put("mediaType", MediaTypes.OCI_MANIFEST);
        root.set("config", descriptorNode(config));
        ArrayNode l = root.putArray("layers");
        layers.forEach(d -> l.add(descriptorNode(d)));
        return bytes(root);
    }

    static byte[] encodeIndex(List<IndexEntry> entries) {
        ObjectNode root = object();
        root.put("schemaVersion", 2);
        root.put("mediaType", MediaTypes.OCI_INDEX);
        ArrayNode m = root.putArray("manifests");
        for (IndexEntry e : entries) {
            ObjectNode d = descriptorNode(e.descriptor());
            if (!e.annotations().isEmpty()) {
                ObjectNode a = d.putObject("annotations");
                e.annotations().forEach(a::put);
            }
            e.platform().ifPresent(p -> {
                ObjectNode pn = d.putObject("platform");
                pn.put("architecture", p.architecture());
                pn.put("os", p.os());
                if (!p.variant().isEmpty()) {
                    pn.put("variant", p.variant());
                }
            });
            m.add(d);
        }
        return bytes(root);
    }

    static ObjectNode descriptorNode(Descriptor d) {
        ObjectNode n = object();
        n.put("mediaType", d.mediaType());
        n.put("digest", d.digest().toString());
        n.put("size", d.size());
        return n;
    }

    static List<JsonNode> array(JsonNode parent, String field) throws MalformedException {
        JsonNode a = parent.path(field);
        if (a.isMissingNode() || a.isNull()) {
            return List.of();
        }
        if (!a.isArray()) {
            throw new MalformedException("\"" + field + "\" is not a list");
        }
        List<JsonNode> out = new ArrayList<>();
        a.forEach(out::add);
        return out;
    }

    static List<String> stringList(JsonNode a) {
        List<String> out = new ArrayList<>();
        if (a.isArray()) {
            a.forEach(e -> out.add(e.asText()));
        }
        return out;
    }

    static Map<String, String> strings(JsonNode o) {
        Map<String, String> out = new LinkedHashMap<>();
        if (o.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = o.fields(); it.hasNext();) {
                Map.Entry<String, JsonNode> e = it.next();
                out.put(e.getKey(), e.getValue().asText());
            }
        }
        return out;
    }

    static String firstLine(String s) {
        if (s == null) {
            return "";
        }
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }
}
