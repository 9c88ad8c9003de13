package dev.dagj.engine.container;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.dagj.engine.BoundedMemo;
import dev.dagj.engine.digest.Digest;
import dev.dagj.engine.store.ContentStore;
import dev.dagj.engine.store.StoreException;
import java.io.IOException;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What an exec left, stored as a JSON blob (the exec op's result): the new root filesystem chain, the stdout and
 * stderr blobs (scrubbed of secrets), the exit code and the trees of its writable directory mounts by target.
 */
public record ExecResultRecord(Digest rootfs, Digest stdout, Digest stderr, int exitCode, Map<String, Digest> mounts) {
    private static final ObjectMapper JSON = new ObjectMapper();
    /**
     * Records put or loaded lately, per store (immutable values under their content digest): a field of an exec's
     * result ({@code exitCode}, {@code stdout}) reads the record the exec has just stored.
     */
    private static final Map<ContentStore, BoundedMemo<Digest, ExecResultRecord>> RECENT =
            java.util.Collections.synchronizedMap(new java.util.WeakHashMap<>());

    public ExecResultRecord {
        mounts = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(mounts));
    }

    Digest put(ContentStore store) throws StoreException {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream(320);
        try (com.fasterxml.jackson.core.JsonGenerator g = JSON.getFactory().createGenerator(out)) {
            g.writeStartObject();
            g.writeStringField("format", "dagj-exec/v1");
            g.writeStringField("rootfs", rootfs.toString());
            g.writeStringField("stdout", stdout.toString());
            g.writeStringField("stderr", stderr.toString());
            g.writeNumberField("exitCode", exitCode);
            g.writeObjectFieldStart("mounts");
            for (Map.Entry<String, Digest> e : mounts.entrySet()) {
                g.writeStringField(e.getKey(), e.getValue().toString());
            }
            g.writeEndObject();
            g.writeEndObject();
        } catch (IOException e) {
            throw new StoreException("cannot encode an exec result: " + e.getMessage(), e);
        }
        Digest d = store.putBytes(out.toByteArray());
        recent(store).put(d, this);
        return d;
    }

    /** Reads the exec result stored as {@code d}. */
    public static ExecResultRecord load(ContentStore store, Digest d) throws ContainerException {
        return recent(store).get(d, x -> read(store, x));
    }

    private static BoundedMemo<Digest, ExecResultRecord> recent(ContentStore store) {
        return RECENT.computeIfAbsent(store, s -> new BoundedMemo<>(256));
    }

    private static ExecResultRecord read(ContentStore store, Digest d) throws ContainerException {
        try {
            JsonNode n = JSON.readTree(store.readBytes(d));
            if (!"dagj-exec/v1".equals(n.path("format").asText())) {
                throw new ContainerException("blob " + d + " is not an exec result");
            }
            Map<String, Digest> mounts = new LinkedHashMap<>();
            for (Iterator<Map.Entry<String, JsonNode>> it = n.path("mounts").fields(); it.hasNext();) {
                Map.Entry<String, JsonNode> e = it.next();
                mounts.put(e.getKey(), Digest.parse(e.getValue().asText()));
            }
            return new ExecResultRecord(Digest.parse(n.path("rootfs").asText()), Digest.parse(n.path("stdout").asText()),
                    Digest.parse(n.path("stderr").asText()), n.path("exitCode").asInt(), mounts);
        } catch (IOException | StoreException | IllegalArgumentException e) {
            throw new ContainerException("cannot read the exec result " + d + ": " + e.getMessage(), e);
        }
    }
}
