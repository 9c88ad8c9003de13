package dev.dagj.resolver.deps;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dagj.resolver.GitFixtures;
import dev.dagj.resolver.LoadOptions;
import dev.dagj.resolver.ModuleResolver;
import dev.dagj.resolver.ModuleSource;
import dev.dagj.resolver.config.DependencyConfig;
import dev.dagj.resolver.config.EngineVersion;
import dev.dagj.resolver.config.ModuleConfig;
import dev.dagj.resolver.config.ModuleConfigReader;
import dev.dagj.resolver.config.ModuleConfigWriter;
import dev.dagj.resolver.git.GitCache;
import dev.dagj.resolver.git.GitSourceResolver;
import dev.dagj.resolver.git.LsRemoteProbe;
import dev.dagj.resolver.ref.ModuleRefParser;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.revwalk.RevCommit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DependencyEditorTest {
    @TempDir
    Path tmp;

    private Path ctx;
    private Path test;
    private GitFixtures fixtures;
    private Git mono;
    private RevCommit first;
    private RevCommit second;
    private String url;
    private ModuleResolver resolver;
    private DependencyEditor editor;
    private final ModuleConfigWriter writer = new ModuleConfigWriter();

    @BeforeEach
    void setUp() throws Exception {
        ctx = tmp.resolve("app");
        test = ctx.resolve("test");
        Files.createDirectories(ctx.resolve(".git"));
        write(test.resolve("dagger.json"), GitFixtures.goModule("test"));
        write(test.resolve("subdir/dep/dagger.json"), GitFixtures.goModule("dep"));
        write(ctx.resolve("other/dagger.json"), GitFixtures.goModule("other"));
        write(ctx.resolve("dep2/dagger.json"), GitFixtures.goModule("dep"));

        fixtures = new GitFixtures(tmp.resolve("repos"));
        mono = fixtures.create("mono.git");
        first = GitFixtures.commit(mono, "first", Map.of("hello/dagger.json", GitFixtures.goModule("hello"),
                "docker/dagger.json", GitFixtures.goModule("docker")));
        GitFixtures.tag(mono, "docker/v0.4.2", false);
        second = GitFixtures.commit(mono, "second", Map.of("hello/main.go", "package main\n"));
        url = fixtures.fileUrl("mono.git");

        resolver = new ModuleResolver(test, new ModuleConfigReader(new EngineVersion("v0.19.11")),
                new ModuleRefParser(new LsRemoteProbe(5)),
                new GitSourceResolver(new GitCache(tmp.resolve("cache"), 10), 10));
        editor = new DependencyEditor(resolver);
    }

    @AfterEach
    void tearDown() throws Exception {
        mono.close();
        fixtures.close();
    }

    private static void write(Path file, String text) throws Exception {
        Files.createDirectories(file.getParent());
        Files.writeString(file, text);
    }

    private ModuleSource parent() throws Exception {
        return resolver.load("", "", LoadOptions.DEFAULT);
    }

    private ModuleConfig save(ModuleConfig config) throws Exception {
        writer.write(config, test.resolve("dagger.json"));
        return config;
    }

    @Test
    void localDependencyIsStoredRelativeToTheSourceRoot() throws Exception {
        ModuleConfig c = save(editor.install(parent(), "./subdir/dep", ""));
        assertThat(c.dependencies()).containsExactly(DependencyConfig.of("dep", "subdir/dep", ""));
        c = save(editor.install(parent(), "../other", "foo"));
        assertThat(c.dependencies()).containsExactly(DependencyConfig.of("dep", "subdir/dep", ""),
                DependencyConfig.of("foo", "../other", ""));
        // re-installing the same module keeps one entry, the newest
        c = editor.install(parent(), test.resolve("subdir/dep").toString(), "renamed");
        assertThat(c.dependencies()).extracting(DependencyConfig::name).containsExactly("foo", "renamed");
    }

    @Test
    void duplicateNameIsRefused() throws Exception {
        save(editor.install(parent(), "./subdir/dep", ""));
        assertThatThrownBy(() -> editor.install(parent(), "../dep2", ""))
                .hasMessage("duplicate dependency name \"dep\"");
    }

    @Test
    void localDependencyOutsideTheContextIsRefused() throws Exception {
        write(tmp.resolve("play/dep/dagger.json"), GitFixtures.goModule("dep"));
        assertThatThrownBy(() -> editor.install(parent(), tmp.resolve("play/dep").toString(), ""))
                .hasMessage("local module dependency context directory \"" + tmp.resolve("play/dep")
                        + "\" is not in parent context directory \"" + ctx + "\"");
    }

    @Test
    void gitDependenciesAreStoredWithResolvedVersionAndPin() throws Exception {
        ModuleConfig c = save(editor.install(parent(), url + "/hello", ""));
        assertThat(c.dependencies()).containsExactly(DependencyConfig.of("hello", url + "/hello@main", second.name()));
        c = save(editor.install(parent(), url + "/docker@v0.4.2", ""));
        assertThat(c.dependencies()).contains(DependencyConfig.of("docker", url + "/docker@docker/v0.4.2",
                first.name()));
        c = editor.install(parent(), url + "/hello@" + first.name(), "");
        assertThat(c.dependencies()).containsExactly(
                DependencyConfig.of("docker", url + "/docker@docker/v0.4.2", first.name()),
                DependencyConfig.of("hello", url + "/hello@" + first.name(), first.name()));
    }

    @Test
    void dependenciesAreSortedByName() throws Exception {
        save(editor.install(parent(), "../other", ""));
        save(editor.install(parent(), url + "/hello", ""));
        ModuleConfig c = save(editor.install(parent(), "./subdir/dep", ""));
        assertThat(c.dependencies()).extracting(DependencyConfig::name).containsExactly("dep", "hello", "other");
    }

    @Test
    void uninstallByNameRefAndVersion() throws Exception {
        save(editor.install(parent(), url + "/hello", ""));
        save(editor.install(parent(), url + "/docker@v0.4.2", ""));
        save(editor.install(parent(), "./subdir/dep", ""));

        assertThatThrownBy(() -> editor.uninstall(parent(), List.of(url + "/hello@v0.3.0")))
                .hasMessage("version \"v0.3.0\" was requested to be uninstalled but the dependency \"" + url
                        + "/hello\" was installed with \"main\". Try re-running without specifying the version number");
        assertThatThrownBy(() -> editor.uninstall(parent(), List.of(url + "/docker@v0.1.2")))
                .hasMessage("version \"v0.1.2\" was requested to be uninstalled but the dependency \"" + url
                        + "/docker\" was installed with \"v0.4.2\". Try re-running without specifying the version"
                        + " number");
        assertThat(editor.uninstall(parent(), List.of("not-there")).dependencies()).hasSize(3);
        assertThat(editor.uninstall(parent(), List.of("hello")).dependencies())
                .extracting(DependencyConfig::name).containsExactly("dep", "docker");
        assertThat(editor.uninstall(parent(), List.of(url + "/hello@main")).dependencies())
                .extracting(DependencyConfig::name).containsExactly("dep", "docker");
        assertThat(editor.uninstall(parent(), List.of(url + "/docker@v0.4.2", "./subdir/dep")).dependencies())
                .extracting(DependencyConfig::name).containsExactly("hello");
    }

    @Test
    void updateMovesBranchesKeepsTagsAndRefusesLocals() throws Exception {
        save(parent().config().withDependencies(List.of(
                DependencyConfig.of("docker", url + "/docker@docker/v0.4.2", first.name()),
                DependencyConfig.of("hello", url + "/hello@main", first.name()))));
        RevCommit third = GitFixtures.commit(mono, "third", Map.of("docker/x", "x\n"));

        ModuleConfig one = editor.update(parent(), List.of("hello"));
        assertThat(one.dependencies()).containsExactly(
                DependencyConfig.of("docker", url + "/docker@docker/v0.4.2", first.name()),
                DependencyConfig.of("hello", url + "/hello@main", third.name()));

        ModuleConfig all = save(editor.update(parent(), List.of()));
        assertThat(all.dependencies()).containsExactly(
                DependencyConfig.of("docker", url + "/docker@docker/v0.4.2", first.name()),
                DependencyConfig.of("hello", url + "/hello@main", third.name()));

        ModuleConfig retag = editor.update(parent(), List.of(url + "/hello@" + second.name()));
        assertThat(retag.dependencyByName("hello").orElseThrow().pin()).isEqualTo(second.name());

        save(editor.install(parent(), "./subdir/dep", ""));
        assertThatThrownBy(() -> editor.update(parent(), List.of("dep")))
                .hasMessage("updating local dependencies is not supported");
        assertThatThrownBy(() -> editor.update(parent(), List.of("nope")))
                .hasMessage("dependency \"nope\" was requested to be updated, but it is not found in the "
                        + "dependencies list");
    }

    @Test
    void developRewritesALegacyConfig() throws Exception {
        write(test.resolve("foo/dagger.json"), GitFixtures.goModule("dep"));
        Files.writeString(test.resolve("dagger.json"), "{\"name\": \"test\", \"sdk\": \"go\", \"include\": [\"foo\"], "
                + "\"exclude\": [\"blah\", \"!bar\"], \"dependencies\": [\"foo\", \"" + url + "/hello@" + first.name()
                + "\"]}");
        ModuleConfig c = editor.rewrite(parent()).withEngineVersion("v0.19.11");
        assertThat(writer.toJson(c)).isEqualTo("""
                {
                  "name": "test",
                  "engineVersion": "v0.19.11",
                  "sdk": {
                    "source": "go"
                  },
                  "include": [
                    "foo",
                    "!blah",
                    "bar"
                  ],
                  "dependencies": [
                    {
                      "name": "dep",
                      "source": "foo"
                    },
                    {
                      "name": "hello",
                      "source": "%s/hello@%s",
                      "pin": "%s"
                    }
                  ]
                }
                """.formatted(url, first.name(), first.name()));
    }

    @Test
    void splitVersionSkipsSchemeAndUser() {
        assertThat(DependencyEditor.splitVersion("ssh://git@host/o/r@v1")).containsExactly("ssh://git@host/o/r", "v1");
        assertThat(DependencyEditor.splitVersion("git@github.com:o/r@main")).containsExactly("git@github.com:o/r",
                "main");
        assertThat(DependencyEditor.splitVersion("hello@v0.3.0")).containsExactly("hello", "v0.3.0");
        assertThat(DependencyEditor.splitVersion("hello")).containsExactly("hello", "");
    }
}
