package dev.dagj.engine.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dagj.engine.BoundedMemo;
import dev.dagj.engine.image.ImageConfig;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The runtime config of an image as compact JSON, pinned in the ID of {@code Container.from} (hidden argument
 * {@value CallTranslator#PINNED_CONFIG}) so replaying the ID needs neither the network nor the store. Both directions
 * are remembered for the last few configs (they are immutable values, and a pipeline names the same few images over
 * and over: every request that starts from an image encodes its config, every step after it decodes it).
 */
final class ImageConfigCodec {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final BoundedMemo<ImageConfig, String> ENCODED = new BoundedMemo<>(64);
    private static final BoundedMemo<String, ImageConfig> DECODED = new BoundedMemo<>(64);

    private ImageConfigCodec() {
    }

    static String encode(ImageConfig c) {
        return ENCODED.get(c, ImageConfigCodec::encodeNew);
    }

    private static String encodeNew(ImageConfig c) {
        ObjectNode n = JSON.createObjectNode();
        c.env().forEach(n.putArray("env")::add);
        n.put("workdir", c.workingDir());
        n.put("user", c.user());
        c.entrypoint().forEach(n.putArray("entrypoint")::add);
        c.cmd().forEach(n.putArray("cmd")::add);
        ObjectNode labels = n.putObject("labels");
        c.labels().forEach(labels::put);
        c.exposedPorts().forEach(n.putArray("ports")::add);
        return n.toString();
    }

    static ImageConfig decode(String text) throws ApiException {
        return DECODED.get(text, ImageConfigCodec::decodeNew);
    }

    private static ImageConfig decodeNew(String text) throws ApiException {
        try {
            JsonNode n = JSON.readTree(text);
            Map<String, String> labels = new LinkedHashMap<>();
            for (Iterator<Map.Entry<String, JsonNode>> it = n.path("labels").fields(); it.hasNext();) {
                Map.Entry<String, JsonNode> e = it.next();
                labels.put(e.getKey(), e.getValue().asText());
            }
            Set<String> ports = new LinkedHashSet<>(strings(n.path("ports")));
            return new ImageConfig(strings(n.path("env")), n.path("workdir").asText(""), n.path("user").asText(""),
                    strings(n.path("entrypoint")), strings(n.path("cmd")), labels, ports);
        } catch (IOException | RuntimeException e) {
            throw new ApiException("malformed ID: Container.from carries a bad image config", e);
        }
    }

    private static List<String> strings(JsonNode a) {
        List<String> out = new ArrayList<>();
        a.forEach(x -> out.add(x.asText()));
        return out;
    }
}
