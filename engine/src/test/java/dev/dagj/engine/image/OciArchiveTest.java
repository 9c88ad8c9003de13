package dev.dagj.engine.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dagj.engine.digest.Digest;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Export to OCI layout tarballs and import from them and from {@code docker save} archives; no registry involved. */
class OciArchiveTest {
    @TempDir
    Path work;
    ImageStack source;
    ImageStack target;
    TestImages images;

    @BeforeEach
    void open() throws Exception {
        source = ImageStack.open(work.resolve("source"));
        target = ImageStack.open(work.resolve("target"));
        images = new TestImages(source, work.resolve("build"));
    }

    @AfterEach
    void close() {
        source.close();
        target.close();
    }

    private byte[] export(List<Image> list) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        source.images.exportTarball(list, out);
        return out.toByteArray();
    }

    private Image importBytes(byte[] tarball, Optional<String> tag, Platform p) throws Exception {
        return target.images.importTarball(new ByteArrayInputStream(tarball), tag, p);
    }

    @Test
    void exportIsAnOciLayoutThatGnuTarReads() throws Exception {
        Image image = images.busybox(LayerCompression.GZIP);
        Path file = work.resolve("image.tar");
        Files.write(file, export(List.of(image)));
        Path out = work.resolve("extracted");
        Files.createDirectories(out);
        Process p = new ProcessBuilder("tar", "-xf", file.toString(), "-C", out.toString()).inheritIO().start();
        assertThat(p.waitFor()).isZero();
        assertThat(out.resolve("oci-layout")).hasContent("{\"imageLayoutVersion\":\"1.0.0\"}");
        assertThat(Files.readString(out.resolve("index.json")))
                .contains("\"digest\":\"" + image.manifestDigest() + "\"")
                .contains("\"platform\":{\"architecture\":\"amd64\",\"os\":\"linux\"}");
        assertThat(Files.readString(out.resolve("manifest.json")))
                .contains("\"Config\":\"blobs/sha256/" + image.configBlob().digest().hex() + "\"");
        for (Digest d : List.of(image.manifestDigest(), image.configBlob().digest(), image.layers().get(0).digest())) {
            assertThat(Digest.of(Files.readAllBytes(out.resolve("blobs/sha256/" + d.hex())))).isEqualTo(d);
        }
    }

    @Test
    void multiPlatformExportImportsThePlatformAsked() throws Exception {
        Image amd = images.busybox(LayerCompression.GZIP);
        Path arm = images.newDir("arm");
        Files.writeString(arm.resolve("arch"), "arm64\n");
        Image armImage = source.images.assemble(ImageConfig.EMPTY, Platform.parse("linux/arm64"),
                List.of(images.pack(arm, TestImages.ZSTD)));
        byte[] tarball = export(List.of(amd, armImage));
        Image got = importBytes(tarball, Optional.empty(), Platform.parse("linux/arm64"));
        assertThat(got.manifestDigest()).isEqualTo(armImage.manifestDigest());
        assertThat(target.images.ensureSnapshots(got).get(0).resolve("arch")).hasContent("arm64");
        assertThat(importBytes(tarball, Optional.empty(), Platform.LINUX_AMD64).manifestDigest())
                .isEqualTo(amd.manifestDigest());
        assertThatThrownBy(() -> importBytes(tarball, Optional.empty(), Platform.parse("linux/riscv64")))
                .hasMessageContaining("no image for platform linux/riscv64 (it has: linux/amd64, linux/arm64)");
    }

    /** A legacy {@code docker save} archive: manifest.json, <id>.json config, <id>/layer.tar, a symlinked layer. */
    private byte[] dockerSave(LayerCompression archiveCompression) throws Exception {
        byte[] l1 = new TarBuilder().dir("etc/", 0755).file("etc/hostname", "docker\n").file("etc/motd", "hi\n").tar();
        byte[] l2 = new TarBuilder().dir("etc/", 0755).file("etc/.wh.motd", "").file("app", "v2", 0755, 0, 0).tar();
        String config = "{\"architecture\":\"amd64\",\"os\":\"linux\",\"config\":{\"Env\":[\"PATH=/bin\"],"
                + "\"Entrypoint\":[\"/app\"],\"User\":\"1000\"},\"rootfs\":{\"type\":\"layers\",\"diff_ids\":[\""
                + Digest.of(l1) + "\",\"" + Digest.of(l2) + "\",\"" + Digest.of(l1) + "\"]}}";
        String configName = Digest.of(config.getBytes(StandardCharsets.UTF_8)).hex() + ".json";
        String manifest = "[{\"Config\":\"" + configName + "\",\"RepoTags\":[\"example/app:v1\"],\"Layers\":"
                + "[\"aaa/layer.tar\",\"bbb/layer.tar\",\"ccc/layer.tar\"]},"
                + "{\"Config\":\"" + configName + "\",\"RepoTags\":[\"example/app:v2\"],\"Layers\":"
                + "[\"aaa/layer.tar\",\"bbb/layer.tar\",\"ccc/layer.tar\"]}]";
        byte[] tar = new TarBuilder()
                .dir("aaa/", 0755).file("aaa/VERSION", "1.0").file("aaa/json", "{}")
                .file("aaa/layer.tar", new String(l1, StandardCharsets.ISO_8859_1))
                .dir("bbb/", 0755).file("bbb/layer.tar", new String(l2, StandardCharsets.ISO_8859_1))
                .dir("ccc/", 0755).symlink("ccc/layer.tar", "../aaa/layer.tar")
                .file(configName, config)
                .file("manifest.json", manifest)
                .file("repositories", "{\"example/app\":{\"v1\":\"bbb\"}}")
                .tar();
        return archiveCompression == LayerCompression.NONE ? tar : TarBuilder.compress(tar, archiveCompression);
    }

    @Test
    void dockerSaveArchivesImport() throws Exception {
        for (LayerCompression c : List.of(LayerCompression.NONE, LayerCompression.GZIP)) {
            Image image = importBytes(dockerSave(c), Optional.of("v2"), Platform.LINUX_AMD64);
            assertThat(image.config().entrypoint()).containsExactly("/app");
            assertThat(image.config().user()).isEqualTo("1000");
            assertThat(image.layers()).hasSize(3);
            assertThat(image.layers().get(0).mediaType()).isEqualTo(MediaTypes.OCI_LAYER);
            assertThat(image.layers().get(2).digest()).isEqualTo(image.layers().get(0).digest());
            List<Path> snaps = target.images.ensureSnapshots(image);
            assertThat(snaps.get(0)).isEqualTo(snaps.get(2));
            assertThat(snaps.get(0).resolve("etc/hostname")).hasContent("docker");
            assertThat(Files.readAttributes(snaps.get(1).resolve("etc/motd"), "unix:mode",
                    java.nio.file.LinkOption.NOFOLLOW_LINKS).get("mode")).matches(m -> ((Integer) m & 0170000) == 020000);
            assertThat(Files.isExecutable(snaps.get(1).resolve("app"))).isTrue();
        }
        assertThatThrownBy(() -> importBytes(dockerSave(LayerCompression.NONE), Optional.of("v3"), Platform.LINUX_AMD64))
                .hasMessageContaining("no image tagged \"v3\" (it has: example/app:v1, example/app:v2)");
    }

    @Test
    void anImportedImageCanBeReExportedAndAssembled() throws Exception {
        Image image = importBytes(dockerSave(LayerCompression.NONE), Optional.empty(), Platform.LINUX_AMD64);
        Image changed = target.images.assemble(image.config().withLabels(Map.of("k", "v")), image.platform(),
                image.layers());
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        target.images.exportTarball(List.of(changed), out);
        Image back = source.images.importTarball(new ByteArrayInputStream(out.toByteArray()), Optional.empty(),
                Platform.LINUX_AMD64);
        assertThat(back.config().labels()).containsEntry("k", "v");
        assertThat(back.layers()).isEqualTo(changed.layers());
    }

    @Test
    void corruptOrForeignTarballsAreRefused() throws Exception {
        byte[] bad = new TarBuilder().file("oci-layout", "{}").file("index.json", "{\"manifests\":[]}")
                .file("blobs/sha256/" + "c".repeat(64), "not what the name says").tar();
        assertThatThrownBy(() -> importBytes(bad, Optional.empty(), Platform.LINUX_AMD64))
                .hasMessageContaining("entry 'blobs/sha256/" + "c".repeat(64) + "' has digest");
        byte[] foreign = new TarBuilder().file("hello.txt", "hi").tar();
        assertThatThrownBy(() -> importBytes(foreign, Optional.empty(), Platform.LINUX_AMD64))
                .hasMessageContaining("neither an OCI image layout nor a docker-archive");
        byte[] missing = new TarBuilder().file("index.json", "{\"schemaVersion\":2,\"manifests\":[{\"mediaType\":\""
                + MediaTypes.OCI_MANIFEST + "\",\"digest\":\"sha256:" + "d".repeat(64) + "\",\"size\":10}]}").tar();
        assertThatThrownBy(() -> importBytes(missing, Optional.empty(), Platform.LINUX_AMD64))
                .hasMessageContaining("lacks blob sha256:" + "d".repeat(64));
    }
}
