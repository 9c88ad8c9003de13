package dev.dagj.engine.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.junit.jupiter.api.Test;

/**
 * Layers through {@code import}, {@code withRootfs}, {@code export} and {@code publish}: an imported tarball keeps its
 * layers (same digests and diff_ids when exported or published again), a container's own root filesystem given to
 * {@code withRootfs} keeps its layers, and each later change adds one layer. Run on each backend by a subclass.
 */
abstract class ContainerLayerTests extends ContainerApiContract {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** The layer digests and diff_ids of the single image in an OCI layout tarball, bottom first. */
    record TarLayers(List<String> digests, List<String> diffIds) {
    }

    static TarLayers tarLayers(Path tar) throws Exception {
        Map<String, byte[]> files = new HashMap<>();
        try (TarArchiveInputStream in = new TarArchiveInputStream(Files.newInputStream(tar))) {
            TarArchiveEntry e;
            while ((e = in.getNextEntry()) != null) {
                if (e.isFile() && (e.getName().equals("index.json") || e.getSize() < (1 << 20))) {
                    files.put(e.getName(), in.readAllBytes());
                }
            }
        }
        JsonNode index = JSON.readTree(files.get("index.json"));
        String manifest = index.get("manifests").get(0).get("digest").asText();
        JsonNode m = JSON.readTree(files.get("blobs/sha256/" + manifest.substring(7)));
        List<String> digests = new ArrayList<>();
        m.get("layers").forEach(l -> digests.add(l.get("digest").asText()));
        JsonNode cfg = JSON.readTree(files.get("blobs/sha256/" + m.get("config").get("digest").asText().substring(7)));
        List<String> diffIds = new ArrayList<>();
        cfg.get("rootfs").get("diff_ids").forEach(d -> diffIds.add(d.asText()));
        return new TarLayers(digests, diffIds);
    }

    /** {@code src} as a docker-archive: the same tar without the OCI layout's {@code index.json} and marker. */
    static void dockerArchive(Path src, Path dst) throws Exception {
        try (TarArchiveInputStream in = new TarArchiveInputStream(Files.newInputStream(src));
                OutputStream os = Files.newOutputStream(dst);
                TarArchiveOutputStream out = new TarArchiveOutputStream(os)) {
            out.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
            TarArchiveEntry e;
            while ((e = in.getNextEntry()) != null) {
                if (e.getName().equals("index.json") || e.getName().equals("oci-layout")) {
                    continue;
                }
                out.putArchiveEntry(e);
                if (e.isFile()) {
                    ((InputStream) in).transferTo(out);
                }
                out.closeArchiveEntry();
            }
        }
    }

    String hostFile(String path) throws Exception {
        return leaf(client.data("{ host { file(path: " + lit(path) + ") { id } } }")).asText();
    }

    String importOf(String path, String inner) throws Exception {
        return "{ container { import(source: " + lit(hostFile(path)) + ") { " + inner + " } } }";
    }

    @Test
    void importKeepsTheTarballsLayersThroughExportAndPublish() throws Exception {
        String two = registry.pushBusyboxWith("two:v1", "etc/extra", "x");
        client.data("{ container { from(address: " + lit(two) + ") { withNewFile(path: \"/hello\", contents: \"hi\")"
                + " { " + sh("echo e > /e") + " { export(path: \"a.tar\") } } } } }");
        TarLayers a = tarLayers(work.resolve("a.tar"));
        assertThat(a.digests()).as("busybox, the extra layer, the new file, the exec").hasSize(4);

        JsonNode run = client.data(importOf("a.tar", exec("cat", "/hello", "/e", "/etc/extra") + " { stdout }"));
        assertThat(leaf(run).asText()).isEqualTo("hie\nx");

        client.data(importOf("a.tar", "export(path: \"b.tar\")"));
        TarLayers b = tarLayers(work.resolve("b.tar"));
        assertThat(b.digests()).as("the same layer blobs").isEqualTo(a.digests());
        assertThat(b.diffIds()).isEqualTo(a.diffIds());

        client.data(importOf("a.tar", sh("echo z > /z") + " { export(path: \"c.tar\") }"));
        TarLayers c = tarLayers(work.resolve("c.tar"));
        assertThat(c.digests()).hasSize(5);
        assertThat(c.digests().subList(0, 4)).as("one more layer on the imported ones").isEqualTo(a.digests());

        dockerArchive(work.resolve("a.tar"), work.resolve("d.tar"));
        client.data(importOf("d.tar", "export(path: \"e.tar\")"));
        assertThat(tarLayers(work.resolve("e.tar")).digests()).as("a docker-archive's layers too")
                .isEqualTo(a.digests());

        // An imported container's ID after a restart with its snapshots gone: they are unpacked again from the
        // imported blobs in the store.
        String ctrId = leaf(client.data(importOf("a.tar", "id"))).asText();
        closeEngine();
        dev.dagj.engine.fs.FileTrees.delete(state.resolve("snapshots"));
        openEngine(state);
        JsonNode again = client.data("{ loadContainerFromID(id: " + lit(ctrId) + ") { " + exec("cat", "/etc/extra",
                "/e") + " { stdout } } }");
        assertThat(leaf(again).asText()).isEqualTo("xe\n");

        String pushed = leaf(client.data(importOf("a.tar", "publish(address: " + lit(registry.host()
                + "/imported:v1") + ")"))).asText();
        assertThat(ContainerImageApiTest.layerDigests("imported", pushed.substring(pushed.indexOf('@') + 1)))
                .as("published with the tarball's layers").isEqualTo(a.digests());
        closeEngine();
        openEngine(work.resolve("fresh-state"));
        JsonNode back = client.data("{ container { from(address: " + lit(pushed) + ") { "
                + exec("cat", "/hello", "/e", "/etc/extra") + " { stdout } } } }");
        assertThat(leaf(back).asText()).as("pulled back into a fresh engine").isEqualTo("hie\nx");
    }

    @Test
    void withRootfsOfAContainersRootfsKeepsItsLayersAndAddsOnePerChange() throws Exception {
        List<String> base = ContainerImageApiTest.layerDigests("busybox", "v1");
        String rootfs = leaf(client.data(from("withNewFile(path: \"/a\", contents: \"A\", owner: \"7:8\") {"
                + " rootfs { id } }"))).asText();
        String onRootfs = "{ container { withRootfs(directory: " + lit(rootfs) + ") { ";
        client.data(onRootfs + sh("echo b > /b") + " { export(path: \"r.tar\") } } } }");
        TarLayers r = tarLayers(work.resolve("r.tar"));
        assertThat(r.digests()).as("busybox's layers, the new file, the exec").hasSize(base.size() + 2);
        assertThat(r.digests().subList(0, base.size())).as("the image's layers as pulled").isEqualTo(base);

        JsonNode out = client.data(onRootfs + sh("echo b > /b") + " { " + sh("cat /a /b; stat -c %u:%g /a")
                + " { stdout } } } } }");
        assertThat(leaf(out).asText()).as("the owner kept").isEqualTo("Ab\n7:8\n");

        // A container's rootfs with a file added: its layers plus one layer of the addition.
        String added = leaf(client.data(from("rootfs { withNewFile(path: \"/root/n\", contents: \"N\") { id } }")))
                .asText();
        String onAdded = "{ container { withRootfs(directory: " + lit(added) + ") { " + sh("echo b > /b") + " { ";
        client.data(onAdded + "export(path: \"n.tar\") } } } }");
        TarLayers n = tarLayers(work.resolve("n.tar"));
        assertThat(n.digests()).as("busybox's layers, the added file, the exec").hasSize(base.size() + 2);
        assertThat(n.digests().subList(0, base.size())).isEqualTo(base);
        JsonNode seen = client.data(onAdded + exec("cat", "/root/n", "/root/base.txt", "/b") + " { stdout } } } } }");
        assertThat(leaf(seen).asText()).isEqualTo("Nfrom the base layer\nb\n");

        // Removals are whiteout layers, in order with the additions: /root removed, then a new /root/z added.
        String edited = leaf(client.data(from("rootfs { withoutFile(path: \"/etc/motd\") { withoutDirectory(path:"
                + " \"/root\") { withNewFile(path: \"/root/z\", contents: \"Z\") { id } } } }"))).asText();
        String onEdited = "{ container { withRootfs(directory: " + lit(edited) + ") { ";
        client.data(onEdited + "export(path: \"w.tar\") } } }");
        TarLayers w = tarLayers(work.resolve("w.tar"));
        assertThat(w.digests()).as("busybox's layers, two whiteouts, the added file").hasSize(base.size() + 3);
        assertThat(w.digests().subList(0, base.size())).isEqualTo(base);
        JsonNode view = client.data(onEdited + sh("ls /root; test -e /etc/motd || echo gone") + " { stdout } } } }");
        assertThat(leaf(view).asText()).isEqualTo("z\ngone\n");

        // Any other directory becomes one layer; each exec on top adds one and leaves the ones below as they were.
        String dir = leaf(client.data(from("rootfs { id }"))).asText();
        dir = leaf(client.data("{ directory { withDirectory(path: \"/\", directory: " + lit(dir) + ") {"
                + " withNewFile(path: \"/d\", contents: \"D\") { id } } } }")).asText();
        String onDir = "{ container { withRootfs(directory: " + lit(dir) + ") { " + sh("echo 1 > /one") + " { ";
        client.data(onDir + "export(path: \"s1.tar\") } } } }");
        client.data(onDir + sh("echo 2 > /two") + " { export(path: \"s2.tar\") } } } } }");
        TarLayers s1 = tarLayers(work.resolve("s1.tar"));
        TarLayers s2 = tarLayers(work.resolve("s2.tar"));
        assertThat(s1.digests()).as("the directory, the exec").hasSize(2);
        assertThat(s2.digests()).hasSize(3);
        assertThat(s2.digests().subList(0, 2)).as("not packed again").isEqualTo(s1.digests());
        JsonNode cat = client.data("{ container { withRootfs(directory: " + lit(dir) + ") { "
                + exec("cat", "/d") + " { stdout } } } }");
        assertThat(leaf(cat).asText()).isEqualTo("D");
    }
}
