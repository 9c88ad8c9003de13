package dev.dagj.engine.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.dagj.engine.exec.BackendPreference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** publish, export, asTarball and import round trips through the API, against the loopback registry. */
class ContainerImageApiTest extends ContainerApiContract {
    @Override
    BackendPreference backend() {
        return BackendPreference.AUTO;
    }

    static String built() {
        return "withNewFile(path: \"/hello\", contents: \"hi from a layer\") { withLabel(name: \"stage\", value:"
                + " \"built\") { withEnvVariable(name: \"GREETING\", value: \"hey\") { ";
    }

    @Test
    void publishThenPullRunsTheSameFilesystemAndConfig() throws Exception {
        String target = registry.host() + "/published:v1";
        String pushed = leaf(client.data(from(built() + "publish(address: " + lit(target) + ") } } }"))).asText();
        assertThat(pushed).matches("127\\.0\\.0\\.1:\\d+/published:v1@sha256:[0-9a-f]{64}");

        Path other = work.resolve("other-state");
        closeEngine();
        openEngine(other);
        JsonNode r = client.data("{ container { from(address: " + lit(pushed) + ") { label(name: \"stage\")"
                + " envVariable(name: \"GREETING\") " + sh("cat /hello; ls /bin/busybox") + " { stdout } } } }");
        JsonNode c = r.get("container").get("from");
        assertThat(c.get("label").asText()).isEqualTo("built");
        assertThat(c.get("envVariable").asText()).isEqualTo("hey");
        assertThat(c.get("withExec").get("stdout").asText()).isEqualTo("hi from a layer/bin/busybox\n");
    }

    /** The layer digests of the manifest {@code repo:tag} names in the loopback registry (over plain HTTP). */
    static List<String> layerDigests(String repo, String reference) throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://" + registry.host() + "/v2/"
                + repo + "/manifests/" + reference)).header("Accept", "application/vnd.oci.image.manifest.v1+json,"
                + " application/vnd.docker.distribution.manifest.v2+json").build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        List<String> out = new ArrayList<>();
        new ObjectMapper().readTree(r.body()).get("layers").forEach(l -> out.add(l.get("digest").asText()));
        return out;
    }

    @Test
    void publishKeepsTheBaseLayersAndAddsOnePerChangeWithOwnership() throws Exception {
        List<String> base = layerDigests("busybox", "v1");
        String target = registry.host() + "/layered:v1";
        String pushed = leaf(client.data(from("withNewFile(path: \"/hello\", contents: \"hi\", owner: \"1234:5678\") { "
                + sh("echo e > /e; chown 42:43 /e") + " { withoutFile(path: \"/etc/motd\") { publish(address: "
                + lit(target) + ") } } }"))).asText();
        List<String> layers = layerDigests("layered", pushed.substring(pushed.indexOf('@') + 1));
        assertThat(layers).hasSize(base.size() + 3);
        assertThat(layers.subList(0, base.size())).as("the base image's layers, unchanged").isEqualTo(base);

        closeEngine();
        openEngine(work.resolve("fresh-state"));
        String q = "{ container { from(address: " + lit(pushed) + ") { " + sh("cat /hello /e; stat -c %u:%g /hello /e;"
                + " test -e /etc/motd || echo gone") + " { stdout } } } }";
        assertThat(leaf(client.data(q)).asText()).isEqualTo("hie\n1234:5678\n42:43\ngone\n");

        // A container from the published image republishes with the same layers (all image layers, kept as pulled).
        String again = leaf(client.data("{ container { from(address: " + lit(pushed) + ") { publish(address: "
                + lit(registry.host() + "/layered:v2") + ") } } }")).asText();
        assertThat(layerDigests("layered", again.substring(again.indexOf('@') + 1))).isEqualTo(layers);
    }

    @Test
    void exportAndImportRoundTrip() throws Exception {
        Path tar = work.resolve("out/image.tar");
        String written = leaf(client.data(from(built() + "export(path: \"out/image.tar\") } } }"))).asText();
        assertThat(written).isEqualTo(tar.toString());
        assertThat(Files.size(tar)).isGreaterThan(100_000);

        String fileId = leaf(client.data("{ host { file(path: \"out/image.tar\") { id } } }")).asText();
        JsonNode r = client.data("{ container { import(source: " + lit(fileId) + ") { label(name: \"stage\") "
                + exec("cat", "/hello") + " { stdout } } } }");
        JsonNode c = r.get("container").get("import");
        assertThat(c.get("label").asText()).isEqualTo("built");
        assertThat(c.get("withExec").get("stdout").asText()).isEqualTo("hi from a layer");
    }

    @Test
    void asTarballIsAFileThatImports() throws Exception {
        String fileId = leaf(client.data(from(built() + "asTarball { id } } } }"))).asText();
        JsonNode r = client.data("{ container { import(source: " + lit(fileId) + ") { " + exec("cat", "/hello")
                + " { stdout } } } }");
        assertThat(leaf(r).asText()).isEqualTo("hi from a layer");
    }

    @Test
    void aMultiPlatformIndexResolvesToTheContainersPlatform() throws Exception {
        registry.pushMultiPlatform("multi:v1");
        String addr = registry.host() + "/multi:v1";
        JsonNode r = client.data("{ container { from(address: " + lit(addr) + ") { " + exec("echo", "amd64")
                + " { stdout } } } }");
        assertThat(leaf(r).asText()).isEqualTo("amd64\n");
        JsonNode arm = client.data("{ container(platform: \"linux/arm64\") { from(address: " + lit(addr)
                + ") { file(path: \"/arch\") { contents } platform } } }");
        assertThat(leafObject(arm, "file").get("contents").asText()).isEqualTo("arm64\n");
    }

    @Test
    void publishingToADownRegistryNamesIt() throws Exception {
        JsonNode e = client.error(from("publish(address: \"127.0.0.1:1/x:v1\")"));
        assertThat(e.get("message").asText()).contains("127.0.0.1:1");
    }

    static JsonNode leafObject(JsonNode n, String name) {
        return ContainerBehaviourTests.leafObject(n, name);
    }
}
