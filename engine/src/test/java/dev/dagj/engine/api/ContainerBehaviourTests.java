package dev.dagj.engine.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The container API behaviours of issue 4, through GraphQL over HTTP, run on each backend by a subclass. */
abstract class ContainerBehaviourTests extends ContainerApiContract {

    @Test
    void fromWithExecReturnsStdoutStderrAndExitCode() throws Exception {
        JsonNode d = client.data(from(sh("echo hi; echo oops >&2") + " { stdout stderr exitCode }"));
        JsonNode r = d.get("container").get("from").get("withExec");
        assertThat(r.get("stdout").asText()).isEqualTo("hi\n");
        assertThat(r.get("stderr").asText()).isEqualTo("oops\n");
        assertThat(r.get("exitCode").asInt()).isZero();
        assertThat(starts).hasValue(1);
    }

    @Test
    void theImageConfigIsApplied() throws Exception {
        JsonNode r = client.data(from("envVariable(name: \"PATH\") workdir defaultArgs labels { name value } "
                + sh("pwd; echo $PATH") + " { stdout }")).get("container").get("from");
        assertThat(r.get("envVariable").asText()).isEqualTo("/bin");
        assertThat(r.get("workdir").asText()).isEqualTo("/root");
        assertThat(ApiTestBase.strings(r.get("defaultArgs"))).containsExactly("/bin/sh");
        assertThat(r.get("labels").get(0).get("name").asText()).isEqualTo("org.example.built-by");
        assertThat(r.get("withExec").get("stdout").asText()).isEqualTo("/root\n/bin\n");
    }

    @Test
    void envWorkdirAndExpansion() throws Exception {
        String q = from("withEnvVariable(name: \"FOO\", value: \"bar\") { withEnvVariable(name: \"P\","
                + " value: \"${PATH}:/x\", expand: true) { withWorkdir(path: \"/tmp/w\") { withoutEnvVariable(name:"
                + " \"NOPE\") { envVariables { name value } " + sh("echo $FOO $P; pwd") + " { stdout } } } } }");
        JsonNode r = leafObject(client.data(q), "withoutEnvVariable");
        assertThat(r.get("withExec").get("stdout").asText()).isEqualTo("bar /bin:/x\n/tmp/w\n");
        assertThat(r.get("envVariables").toString()).contains("\"name\":\"P\",\"value\":\"/bin:/x\"");
    }

    @Test
    void manyChangedFilesCarryOver() throws Exception {
        // more changes than the engine fsyncs one by one: the snapshot is synced with sync -f instead
        String q = from(sh("mkdir /m; for i in $(seq 300); do echo $i > /m/$i; done") + " { "
                + exec("sh", "-c", "cat /m/1 /m/300; ls /m | wc -l") + " { stdout } }");
        JsonNode r = leafObject(client.data(q), "withExec").get("withExec");
        assertThat(r.get("stdout").asText()).isEqualTo("1\n300\n300\n");
    }

    @Test
    void filesystemChangesCarryOverAndCanBeRead() throws Exception {
        String q = from(sh("echo one > /root/a; rm /etc/motd") + " { " + exec("cat", "/root/a")
                + " { stdout file(path: \"/root/a\") { contents } directory(path: \"/etc\") { entries }"
                + " rootfs { entries } } }");
        JsonNode r = leafObject(client.data(q), "withExec").get("withExec");
        assertThat(r.get("stdout").asText()).isEqualTo("one\n");
        assertThat(r.get("file").get("contents").asText()).isEqualTo("one\n");
        assertThat(ApiTestBase.strings(r.get("directory").get("entries"))).contains("passwd").doesNotContain("motd");
        assertThat(ApiTestBase.strings(r.get("rootfs").get("entries"))).contains("bin/", "etc/", "root/");
    }

    @Test
    void withNewFileWithDirectoryWithFileAndWithout() throws Exception {
        String dirId = leaf(client.data("{ directory { withNewFile(path: \"x.txt\", contents: \"X\") {"
                + " withNewFile(path: \"sub/y.txt\", contents: \"Y\") { id } } } }")).asText();
        String fileId = leaf(client.data("{ directory { withNewFile(path: \"f.txt\", contents: \"F\") {"
                + " file(path: \"f.txt\") { id } } } }")).asText();
        String q = from("withDirectory(path: \"/src\", directory: " + lit(dirId) + ") { withFile(path: \"/opt/g.txt\","
                + " source: " + lit(fileId) + ", permissions: 448) { withNewFile(path: \"rel.txt\", contents: \"R\") {"
                + " withoutFile(path: \"/etc/motd\") { withoutDirectory(path: \"/src/sub\") { "
                + sh("cat /src/x.txt /opt/g.txt /root/rel.txt; stat -c %a /opt/g.txt; ls /src; test -e /etc/motd"
                        + " || echo gone") + " { stdout } } } } } }");
        JsonNode d = client.data(q);
        assertThat(leaf(d).asText()).isEqualTo("XFR700\nx.txt\ngone\n");
    }

    @Test
    void addingAFileKeepsTheModesOfExistingParentDirectories() throws Exception {
        String before = leaf(client.data(from(sh("stat -c %a /tmp") + " { stdout }"))).asText();
        assertThat(before).isEqualTo("1777\n");
        String q = from("withNewFile(path: \"/tmp/deep/x.txt\", contents: \"X\") { "
                + sh("stat -c %a /tmp; stat -c %a /tmp/deep; cat /tmp/deep/x.txt") + " { stdout } }");
        assertThat(leaf(client.data(q)).asText()).isEqualTo("1777\n755\nX");
    }

    /** busybox with a user alice (1000, primary group 1000) and a group staff (50). */
    static String withUsers(String inner) {
        return from("withNewFile(path: \"/etc/passwd\", contents: \"root:x:0:0:root:/root:/bin/sh\\nalice:x:1000:1000::"
                + "/home/alice:/bin/sh\\n\") { withNewFile(path: \"/etc/group\", contents: \"root:x:0:\\nstaff:x:50:\\n\") { "
                + inner + " } }");
    }

    @Test
    void ownerChownsCopiedAndMountedContentAndIsPartOfTheKey() throws Exception {
        String dirId = leaf(client.data("{ directory { withNewFile(path: \"x.txt\", contents: \"X\") {"
                + " withNewFile(path: \"sub/y.txt\", contents: \"Y\") { id } } } }")).asText();
        String fileId = leaf(client.data("{ directory { withNewFile(path: \"f.txt\", contents: \"F\") {"
                + " file(path: \"f.txt\") { id } } } }")).asText();
        String q = withUsers("withDirectory(path: \"/src\", directory: " + lit(dirId) + ", owner: \"alice\") {"
                + " withFile(path: \"/opt/g.txt\", source: " + lit(fileId) + ", owner: \"alice:staff\") {"
                + " withNewFile(path: \"/tmp/n.txt\", contents: \"N\", owner: \"1234:5678\") {"
                + " withMountedDirectory(path: \"/mnt/d\", source: " + lit(dirId) + ", owner: \"alice:staff\") {"
                + " withMountedFile(path: \"/mnt/f\", source: " + lit(fileId) + ", owner: \"7\") {"
                + sh("stat -c %u:%g /src /src/sub /src/sub/y.txt /opt /opt/g.txt /tmp/n.txt /mnt/d /mnt/d/sub/y.txt"
                        + " /mnt/f; stat -c %a /tmp; cat /src/x.txt /mnt/f") + " { stdout } } } } } }");
        assertThat(leaf(client.data(q)).asText()).isEqualTo(String.join("\n", "1000:1000", "1000:1000",
                "1000:1000", "0:0", "1000:50", "1234:5678", "1000:50", "1000:50", "7:7", "1777", "XF"));
        // Same content, another owner: a different layer, not a cache hit.
        String other = withUsers("withNewFile(path: \"/tmp/n.txt\", contents: \"N\", owner: \"staff\") { "
                + sh("stat -c %u:%g /tmp/n.txt") + " { stdout } }");
        JsonNode e = client.error(other);
        assertThat(e.get("message").asText()).contains("staff").contains("/etc/passwd");
        String again = withUsers("withNewFile(path: \"/tmp/n.txt\", contents: \"N\", owner: \"alice\") { "
                + sh("stat -c %u:%g /tmp/n.txt") + " { stdout } }");
        assertThat(leaf(client.data(again)).asText()).isEqualTo("1000:1000\n");
    }

    @Test
    void copyingIntoADirectoryKeepsItsOwner() throws Exception {
        String q = from(sh("mkdir -p /home/bob && chown 1000:1001 /home/bob") + " { withNewFile(path:"
                + " \"/home/bob/f\", contents: \"F\") { " + sh("stat -c %u:%g /home/bob /home/bob/f") + " { stdout } } }");
        assertThat(leaf(client.data(q)).asText()).isEqualTo("1000:1001\n0:0\n");
    }

    @Test
    void anExecThatChangesNothingAddsNoLayerButAChmodIsKept() throws Exception {
        String base = leaf(client.data(from("rootfs { digest }"))).asText();
        String after = leaf(client.data(from("withMountedTemp(path: \"/tmp\") { withWorkdir(path: \"/root\") { "
                + exec("true") + " { rootfs { digest } } } }"))).asText();
        assertThat(after).isEqualTo(base);
        String q = from(sh("chmod 700 /tmp") + " { " + sh("stat -c %a /tmp") + " { stdout } }");
        assertThat(leaf(client.data(q)).asText()).isEqualTo("700\n");
    }

    @Test
    void mountedDirectoryIsWritableAndItsChangesAreReadable() throws Exception {
        String dirId = leaf(client.data("{ directory { withNewFile(path: \"x.txt\", contents: \"X\") { id } } }"))
                .asText();
        String q = from("withMountedDirectory(path: \"/mnt\", source: " + lit(dirId) + ") { "
                + sh("cat /mnt/x.txt; echo new > /mnt/y") + " { stdout directory(path: \"/mnt\") { entries }"
                + " file(path: \"/mnt/y\") { contents } withoutMount(path: \"/mnt\") { " + sh("ls /mnt | wc -l")
                + " { stdout } } } }");
        JsonNode r = leafObject(client.data(q), "withMountedDirectory").get("withExec");
        assertThat(r.get("stdout").asText()).isEqualTo("X");
        assertThat(ApiTestBase.strings(r.get("directory").get("entries"))).containsExactly("x.txt", "y");
        assertThat(r.get("file").get("contents").asText()).isEqualTo("new\n");
        assertThat(r.get("withoutMount").get("withExec").get("stdout").asText().strip()).isEqualTo("0");
    }

    @Test
    void mountedFileAndTempAndStdin() throws Exception {
        String fileId = leaf(client.data("{ directory { withNewFile(path: \"f.txt\", contents: \"F\") {"
                + " file(path: \"f.txt\") { id } } } }")).asText();
        String q = from("withMountedFile(path: \"/in/f\", source: " + lit(fileId) + ") { withMountedTemp(path:"
                + " \"/scratch\") { withExec(args: [\"sh\", \"-c\", \"cat /in/f; cat; echo t > /scratch/t;"
                + " cat /scratch/t\"], stdin: \"IN\") { stdout } } }");
        assertThat(leaf(client.data(q)).asText()).isEqualTo("FINt\n");
    }

    @Test
    void redirectsReadAndWriteContainerFilesAsDaggerDoes() throws Exception {
        String empty = leaf(client.data("{ directory { id } }")).asText();
        String q = from("withEnvVariable(name: \"ERRDIR\", value: \"/mnt\") { withNewFile(path: \"/tmp/in.txt\","
                + " contents: \"from a file\\n\") { withMountedDirectory(path: \"/mnt\", source: " + lit(empty) + ") {"
                + " withWorkdir(path: \"/tmp\") { withExec(args: [\"sh\", \"-c\", \"cat; echo err >&2\"], redirectStdin: \"/tmp/in.txt\","
                + " redirectStdout: \"out\", redirectStderr: \"${ERRDIR}/err\", expand: true) { stdout stderr"
                + " file(path: \"/tmp/out\") { contents } directory(path: \"/mnt\") { entries }"
                + sh("stat -c '%a %u:%g' /tmp/out /mnt/err; stat -c %a /tmp; cat /mnt/err") + " { stdout } } } } } }");
        JsonNode r = leafObject(client.data(q), "withWorkdir").get("withExec");
        assertThat(r.get("stdout").asText()).as("stdout is still returned").isEqualTo("from a file\n");
        assertThat(r.get("stderr").asText()).isEqualTo("err\n");
        assertThat(r.get("file").get("contents").asText()).isEqualTo("from a file\n");
        assertThat(ApiTestBase.strings(r.get("directory").get("entries"))).containsExactly("err");
        assertThat(r.get("withExec").get("stdout").asText()).isEqualTo("600 0:0\n600 0:0\n1777\nerr\n");

        JsonNode both = client.error(from("withExec(args: [\"cat\"], stdin: \"x\", redirectStdin: \"/etc/motd\") {"
                + " stdout }"));
        assertThat(both.get("message").asText()).contains("redirectStdin").contains("stdin");
        JsonNode missing = client.error(from("withExec(args: [\"cat\"], redirectStdin: \"/nope\") { stdout }"));
        assertThat(missing.get("message").asText()).contains("/nope");
    }

    @Test
    void aFailedExecIsAnExecErrorWithItsOutputAndIsNotCached() throws Exception {
        String q = from(sh("echo out; echo err >&2; exit 3") + " { stdout }");
        JsonNode e = client.error(q);
        assertThat(e.get("message").asText())
                .isEqualTo("process \"sh -c echo out; echo err >&2; exit 3\" did not complete successfully: exit code: 3");
        JsonNode x = e.get("extensions");
        assertThat(x.get("_type").asText()).isEqualTo("EXEC_ERROR");
        assertThat(ApiTestBase.strings(x.get("cmd"))).containsExactly("sh", "-c", "echo out; echo err >&2; exit 3");
        assertThat(x.get("exitCode").asInt()).isEqualTo(3);
        assertThat(x.get("stdout").asText()).isEqualTo("out\n");
        assertThat(x.get("stderr").asText()).isEqualTo("err\n");
        client.error(q);
        assertThat(starts).as("a failure is not cached").hasValue(2);
    }

    @Test
    void expectAnyAndFailure() throws Exception {
        JsonNode r = client.data(from("withExec(args: [\"sh\", \"-c\", \"exit 5\"], expect: ANY) { exitCode }"));
        assertThat(leaf(r).asInt()).isEqualTo(5);
        r = client.data(from("withExec(args: [\"false\"], expect: FAILURE) { exitCode }"));
        assertThat(leaf(r).asInt()).isEqualTo(1);
        JsonNode e = client.error(from("withExec(args: [\"true\"], expect: FAILURE) { exitCode }"));
        assertThat(e.get("message").asText()).contains("\"true\"").contains("failure was expected");
    }

    @Test
    void unchangedExecsDoNotRunAgainAcrossSessionsAndRestartsButAnyInputChangeDoes() throws Exception {
        String q = from(sh("echo cached") + " { stdout }");
        assertThat(leaf(client.data(q)).asText()).isEqualTo("cached\n");
        assertThat(leaf(client.data(q)).asText()).isEqualTo("cached\n");
        assertThat(starts).hasValue(1);
        newSession();
        assertThat(leaf(client.data(q)).asText()).isEqualTo("cached\n");
        assertThat(starts).as("another session").hasValue(1);
        restart();
        assertThat(leaf(client.data(q)).asText()).isEqualTo("cached\n");
        assertThat(starts).as("after a restart").hasValue(1);

        client.data(from(sh("echo cached ") + " { stdout }"));
        assertThat(starts).as("args changed").hasValue(2);
        client.data(from("withEnvVariable(name: \"A\", value: \"1\") { " + sh("echo cached") + " { stdout } }"));
        assertThat(starts).as("env changed").hasValue(3);
        client.data(from("withWorkdir(path: \"/tmp\") { " + sh("echo cached") + " { stdout } }"));
        assertThat(starts).as("workdir changed").hasValue(4);
        String dirId = leaf(client.data("{ directory { withNewFile(path: \"x\", contents: \"1\") { id } } }")).asText();
        String dirId2 = leaf(client.data("{ directory { withNewFile(path: \"x\", contents: \"2\") { id } } }")).asText();
        client.data(from("withDirectory(path: \"/d\", directory: " + lit(dirId) + ") { " + sh("echo cached")
                + " { stdout } }"));
        assertThat(starts).as("files changed").hasValue(5);
        client.data(from("withDirectory(path: \"/d\", directory: " + lit(dirId2) + ") { " + sh("echo cached")
                + " { stdout } }"));
        assertThat(starts).as("file contents changed").hasValue(6);
        client.data(from("withDirectory(path: \"/d\", directory: " + lit(dirId2) + ") { " + sh("echo cached")
                + " { stdout } }"));
        assertThat(starts).as("same files").hasValue(6);
    }

    @Test
    void aNewImageDigestRunsAgain() throws Exception {
        String q = "{ container { from(address: " + lit(registry.host() + "/moving:v1") + ") { " + sh("echo x")
                + " { stdout } } } }";
        registry.pushBusybox("moving:v1");
        client.data(q);
        client.data(q);
        assertThat(starts).hasValue(1);
        registry.pushBusyboxWith("moving:v1", "etc/extra", "extra");
        newSession();
        client.data(q);
        assertThat(starts).as("the tag now names another image").hasValue(2);
    }

    @Test
    void idsReplayWithoutTheNetwork() throws Exception {
        String id = leaf(client.data(from(sh("echo replay > /r") + " { sync }"))).asText();
        assertThat(id).doesNotContain(registry.host());
        registry.close();
        try {
            restart();
            JsonNode r = client.data("{ loadContainerFromID(id: " + lit(id) + ") { " + exec("cat", "/r")
                    + " { stdout } } }");
            assertThat(leaf(r).asText()).isEqualTo("replay\n");
        } finally {
            registry = dev.dagj.engine.image.RegistryFixture.start(shared.resolve("again-" + System.nanoTime()));
            busybox = registry.host() + "/busybox:v1";
            registry.pushBusybox("busybox:v1");
        }
    }

    @Test
    void aMissingBinaryIsAClearError() throws Exception {
        JsonNode e = client.error(from(exec("no-such-tool", "x") + " { stdout }"));
        assertThat(e.get("message").asText()).contains("no-such-tool").contains("not found");
    }

    @Test
    void anInvalidExpectIsRejected() throws Exception {
        JsonNode e = client.error(from("withExec(args: [\"true\"], expect: MAYBE) { stdout }"));
        assertThat(e.get("message").asText()).contains("MAYBE");
    }

    @Test
    void imageErrorsNameTheImageOrRegistry() throws Exception {
        JsonNode e = client.error("{ container { from(address: " + lit(registry.host() + "/nope:v1") + ") { id } } }");
        assertThat(e.get("message").asText()).contains(registry.host() + "/nope:v1");
        e = client.error("{ container { from(address: \"127.0.0.1:1/down:v1\") { id } } }");
        assertThat(e.get("message").asText()).contains("127.0.0.1:1");
        e = client.error("{ container { from(address: " + lit(registry.host() + "/busybox@sha256:" + "0".repeat(64))
                + ") { id } } }");
        assertThat(e.get("message").asText()).contains("busybox");
        e = client.error("{ container { from(address: \"Not A Ref!!\") { id } } }");
        assertThat(e.get("message").asText()).contains("Not A Ref!!");
    }

    @Test
    void userAndEntrypoint() throws Exception {
        JsonNode r = client.data(from("withEntrypoint(args: [\"echo\", \"ep\"]) { entrypoint defaultArgs"
                + " withExec(args: [\"x\"], useEntrypoint: true) { stdout } } withUser(name: \"root\") { user }"));
        JsonNode from = r.get("container").get("from");
        assertThat(from.get("withEntrypoint").get("withExec").get("stdout").asText()).isEqualTo("ep x\n");
        assertThat(ApiTestBase.strings(from.get("withEntrypoint").get("defaultArgs"))).isEmpty();
        assertThat(from.get("withUser").get("user").asText()).isEqualTo("root");
    }

    @Test
    void scratchContainerWithRootfs() throws Exception {
        String rootId = leaf(client.data(from(sh("echo r > /marker") + " { rootfs { id } }"))).asText();
        JsonNode r = client.data("{ container { withRootfs(directory: " + lit(rootId) + ") { "
                + exec("/bin/cat", "/marker") + " { stdout } platform } } }");
        assertThat(leafObject(r, "withRootfs").get("withExec").get("stdout").asText()).isEqualTo("r\n");
        assertThat(leafObject(r, "withRootfs").get("platform").asText()).isEqualTo("linux/amd64");
    }

    String volume(String key) throws Exception {
        return leaf(client.data("{ cacheVolume(key: " + lit(key) + ") { id } }")).asText();
    }

    @Test
    void cacheVolumesPersistAcrossSessionsAndRestartsAndTheirContentsAreNotInTheKey() throws Exception {
        String vol = volume("c1");
        String q1 = from("withMountedCache(path: \"/cache\", cache: " + lit(vol) + ") { "
                + sh("echo 1 >> /cache/log; wc -l < /cache/log") + " { stdout } }");
        assertThat(leaf(client.data(q1)).asText().strip()).isEqualTo("1");
        newSession();
        String q2 = from("withMountedCache(path: \"/cache\", cache: " + lit(volume("c1")) + ") { "
                + sh("echo 2 >> /cache/log; wc -l < /cache/log") + " { stdout } }");
        assertThat(leaf(client.data(q2)).asText().strip()).isEqualTo("2");
        restart();
        String q3 = from("withMountedCache(path: \"/cache\", cache: " + lit(volume("c1")) + ") { "
                + sh("echo 3 >> /cache/log; wc -l < /cache/log") + " { stdout } }");
        assertThat(leaf(client.data(q3)).asText().strip()).isEqualTo("3");
        assertThat(leaf(client.data(q1)).asText().strip()).as("cached: volume contents are not in the key")
                .isEqualTo("1");
        assertThat(starts).hasValue(3);
        String other = from("withMountedCache(path: \"/cache\", cache: " + lit(volume("c2")) + ") { "
                + sh("echo 1 >> /cache/log; wc -l < /cache/log") + " { stdout } }");
        assertThat(leaf(client.data(other)).asText().strip()).as("another volume identity runs again").isEqualTo("1");
        assertThat(starts).hasValue(4);
    }

    @Test
    void cacheVolumeSourceSeedsAnEmptyVolumeAndOwnerOwnsIt() throws Exception {
        String dirId = leaf(client.data("{ directory { withNewFile(path: \"seed.txt\", contents: \"S\") { id } } }"))
                .asText();
        String q = from("withMountedCache(path: \"/c\", cache: " + lit(volume("seeded")) + ", source: " + lit(dirId)
                + ", owner: \"1000:1001\") { " + sh("cat /c/seed.txt; stat -c %u:%g /c") + " { stdout } }");
        assertThat(leaf(client.data(q)).asText()).isEqualTo("S1000:1001\n");
    }

    @Test
    void lockedAndPrivateVolumesNeverShareAConcurrentWriter() throws Exception {
        for (String mode : List.of("LOCKED", "PRIVATE")) {
            String vol = volume("conc-" + mode);
            List<java.util.concurrent.Future<JsonNode>> fs = new java.util.ArrayList<>();
            try (var ex = java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor()) {
                for (int i = 0; i < 3; i++) {
                    String q = from("withMountedCache(path: \"/c\", cache: " + lit(vol) + ", sharing: " + mode + ") { "
                            + sh("mkdir /c/busy || exit 9; sleep 0.3; rmdir /c/busy; echo " + i) + " { stdout } }");
                    fs.add(ex.submit(() -> client.post(q)));
                }
                for (var f : fs) {
                    assertThat(f.get().has("errors")).as(mode + ": " + f.get()).isFalse();
                }
            }
        }
    }

    @Test
    void secretsAreUsableButNeverInOutputsIdsOrTheStore() throws Exception {
        String plain = "s3cr3t-" + System.nanoTime();
        String id = leaf(client.data("{ setSecret(name: \"tok\", plaintext: " + lit(plain) + ") { id } }")).asText();
        assertThat(new String(java.util.Base64.getUrlDecoder().decode(id.substring(IdCodec.PREFIX.length())),
                java.nio.charset.StandardCharsets.ISO_8859_1)).doesNotContain(plain);
        JsonNode s = client.data("{ loadSecretFromID(id: " + lit(id) + ") { name plaintext } }").get("loadSecretFromID");
        assertThat(s.get("name").asText()).isEqualTo("tok");
        assertThat(s.get("plaintext").asText()).isEqualTo(plain);

        String q = from("withSecretVariable(name: \"TOK\", secret: " + lit(id) + ") { withMountedSecret(path:"
                + " \"/run/s\", source: " + lit(id) + ") { " + sh("echo $TOK; cat /run/s; echo; stat -c %a /run/s;"
                + " echo $TOK >&2") + " { stdout stderr } } }");
        JsonNode r = leafObject(client.data(q), "withMountedSecret").get("withExec");
        assertThat(r.get("stdout").asText()).isEqualTo("***\n***\n400\n");
        assertThat(r.get("stderr").asText()).isEqualTo("***\n");
        JsonNode e = client.error(from("withSecretVariable(name: \"TOK\", secret: " + lit(id) + ") { "
                + sh("echo $TOK; exit 1") + " { stdout } }"));
        assertThat(e.toString()).doesNotContain(plain).contains("***");

        try (var files = java.nio.file.Files.walk(state)) {
            for (java.nio.file.Path p : (Iterable<java.nio.file.Path>) files::iterator) {
                if (java.nio.file.Files.isRegularFile(p, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
                    assertThat(new String(java.nio.file.Files.readAllBytes(p),
                            java.nio.charset.StandardCharsets.ISO_8859_1)).as(p.toString()).doesNotContain(plain);
                }
            }
        }
        int before = starts.get();
        client.data(q);
        assertThat(starts).as("same secret value: cached").hasValue(before);
        String id2 = leaf(client.data("{ setSecret(name: \"tok\", plaintext: \"other\") { id } }")).asText();
        client.data(q.replace(id, id2));
        assertThat(starts).as("secret value changed").hasValue(before + 1);
    }

    @Test
    void aSecretBelongsToTheSessionThatSetIt() throws Exception {
        String id = leaf(client.data("{ setSecret(name: \"tok\", plaintext: \"v4lue\") { id } }")).asText();
        String q = from("withSecretVariable(name: \"T\", secret: " + lit(id) + ") { " + sh("echo ${#T}")
                + " { stdout } }");
        assertThat(leaf(client.data(q)).asText()).isEqualTo("5\n");
        newSession();
        JsonNode plain = client.error("{ loadSecretFromID(id: " + lit(id) + ") { plaintext } }");
        assertThat(plain.get("message").asText()).contains("secret tok").contains("another session");
        JsonNode use = client.error(q);
        assertThat(use.get("message").asText()).as("not even the cached result").contains("$T")
                .contains("another session");
        client.data("{ setSecret(name: \"tok\", plaintext: \"v4lue\") { id } }");
        assertThat(leaf(client.data(q)).asText()).as("set again in this session").isEqualTo("5\n");
        assertThat(starts).hasValue(1);
    }

    @Test
    void aSecretUriIsReadAgainByTheSessionThatLoadsItsId() throws Exception {
        java.nio.file.Path pw = work.resolve("pw.txt");
        java.nio.file.Files.writeString(pw, "v1");
        String id = leaf(client.data("{ secret(uri: \"file://pw.txt\") { id } }")).asText();
        String cmdId = leaf(client.data("{ secret(uri: \"cmd://echo from-cmd\") { id } }")).asText();
        String envId = leaf(client.data("{ secret(uri: \"env://PATH\") { id } }")).asText();
        String q = from("withSecretVariable(name: \"T\", secret: " + lit(id) + ") { " + sh("echo ${#T}")
                + " { stdout } }");
        assertThat(leaf(client.data(q)).asText()).isEqualTo("2\n");
        assertThat(starts).hasValue(1);

        newSession();
        JsonNode r = client.data("{ a: loadSecretFromID(id: " + lit(id) + ") { name plaintext } b: loadSecretFromID(id: "
                + lit(cmdId) + ") { plaintext } c: loadSecretFromID(id: " + lit(envId) + ") { plaintext } }");
        assertThat(r.get("a").get("name").asText()).isEqualTo("file://pw.txt");
        assertThat(r.get("a").get("plaintext").asText()).isEqualTo("v1");
        assertThat(r.get("b").get("plaintext").asText()).isEqualTo("from-cmd");
        assertThat(r.get("c").get("plaintext").asText()).isEqualTo(System.getenv("PATH"));
        assertThat(leaf(client.data(q)).asText()).as("same value in the new session").isEqualTo("2\n");
        assertThat(starts).as("same value: the cached exec").hasValue(1);

        java.nio.file.Files.writeString(pw, "v333");
        newSession();
        assertThat(leaf(client.data("{ loadSecretFromID(id: " + lit(id) + ") { plaintext } }")).asText())
                .as("the loading session's value").isEqualTo("v333");
        assertThat(leaf(client.data(q)).asText()).isEqualTo("4\n");
        assertThat(starts).as("a new value runs the exec again").hasValue(2);

        restart();
        assertThat(leaf(client.data(q)).asText()).as("after a restart (the vault is in memory)").isEqualTo("4\n");
        assertThat(starts).as("after a restart: cached").hasValue(2);

        java.nio.file.Files.delete(pw);
        newSession();
        JsonNode e = client.error(q);
        assertThat(e.get("message").asText()).contains("file://pw.txt").contains(pw.toString())
                .contains("another session");
        assertThat(e.toString()).doesNotContain("v333");
    }

    @Test
    void secretProvidersAndAnUnknownScheme() throws Exception {
        java.nio.file.Files.writeString(work.resolve("pw.txt"), "from-file");
        JsonNode r = client.data("{ a: secret(uri: \"file://pw.txt\") { plaintext name } b: secret(uri:"
                + " \"cmd://echo from-cmd\") { plaintext } c: secret(uri: \"env://PATH\") { plaintext } }");
        assertThat(r.get("a").get("plaintext").asText()).isEqualTo("from-file");
        assertThat(r.get("a").get("name").asText()).isEqualTo("file://pw.txt");
        assertThat(r.get("b").get("plaintext").asText()).isEqualTo("from-cmd");
        assertThat(r.get("c").get("plaintext").asText()).isEqualTo(System.getenv("PATH"));
        JsonNode e = client.error("{ secret(uri: \"vault://x/y\") { id } }");
        assertThat(e.get("message").asText()).contains("vault://x/y").contains("\"vault\"");
        e = client.error("{ secret(uri: \"env://DAGJ_SURELY_UNSET_VAR\") { id } }");
        assertThat(e.get("message").asText()).contains("DAGJ_SURELY_UNSET_VAR");
    }

    /** The object under the first field called {@code name}, searching depth first. */
    static JsonNode leafObject(JsonNode n, String name) {
        if (n.has(name)) {
            return n.get(name);
        }
        for (JsonNode c : (Iterable<JsonNode>) n::elements) {
            if (c.isObject()) {
                JsonNode f = leafObject(c, name);
                if (f != null) {
                    return f;
                }
            }
        }
        return null;
    }

    static List<String> unused() {
        return List.of();
    }
}
